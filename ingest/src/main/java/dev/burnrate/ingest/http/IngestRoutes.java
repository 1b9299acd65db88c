package dev.burnrate.ingest.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.http.Problems;
import dev.burnrate.ingest.events.EventSeries;
import dev.burnrate.ingest.events.EventsDecoder;
import dev.burnrate.ingest.events.RequestEvent;
import dev.burnrate.ingest.limits.BoundedGzip;
import dev.burnrate.ingest.limits.BoundedJson;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.limits.LimitProblems;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.GroupLimiter;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.otlp.OtlpDecoder;
import dev.burnrate.ingest.otlp.OtlpTranslator;
import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.SliSink;
import dev.burnrate.ingest.remotewrite.RemoteWriteDecoder;
import dev.burnrate.ingest.remotewrite.SnappyBlock;
import dev.burnrate.slo.definition.SloSpec;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest endpoints: Prometheus remote_write ({@code POST /api/v1/write}), OTLP/HTTP metrics
 * ({@code POST /v1/metrics}) and request events ({@code POST /api/v1/events}). A request is
 * answered only after the {@link SliSink} has durably committed what it contributed.
 */
public final class IngestRoutes {
  /** The Prometheus remote_write 1.0 endpoint. */
  public static final String REMOTE_WRITE_PATH = "/api/v1/write";

  /** The OTLP/HTTP metrics endpoint. */
  public static final String OTLP_METRICS_PATH = "/v1/metrics";

  /** The request events endpoint. */
  public static final String EVENTS_PATH = "/api/v1/events";

  /**
   * The routing context key under which authentication puts who sent the request (a token's id);
   * idempotency keys are scoped by it, so two tokens cannot replay or swallow each other's batches.
   */
  public static final String PRINCIPAL_KEY = "burnrate.principal";

  /** The seconds a client is told to wait when the store is busy and did not say. */
  static final long DEFAULT_RETRY_AFTER_SECONDS = 5;

  private static final Logger log = LoggerFactory.getLogger(IngestRoutes.class);
  private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  private final Vertx vertx;
  private final SliSink sink;
  private final IngestLimits limits;
  private final Clock clock;
  private final JsonFactory jsonFactory;
  // The SLO set the index was built from (compared by identity) and the index.
  private final AtomicReference<Indexed> indexed =
      new AtomicReference<>(new Indexed(List.of(), SelectorIndex.empty()));
  private final Supplier<? extends Collection<SloSpec>> slosSource;
  private final Handler<RoutingContext> problems = Problems.failureHandler();
  private final EndpointCounters remoteWriteCounters = new EndpointCounters();
  private final EndpointCounters otlpCounters = new EndpointCounters();
  private final EndpointCounters eventsCounters = new EndpointCounters();

  private record Indexed(Collection<SloSpec> slos, SelectorIndex index) {}

  // The groups given an instance of each grouped SLO; kept across reloads.
  private volatile GroupLimiter groups = GroupLimiter.defaults();

  private IngestRoutes(
      Vertx vertx,
      SliSink sink,
      IngestLimits limits,
      Clock clock,
      Supplier<? extends Collection<SloSpec>> slosSource) {
    this.slosSource = slosSource;
    this.vertx = requireNonNull(vertx, "vertx");
    this.sink = requireNonNull(sink, "sink");
    this.limits = requireNonNull(limits, "limits");
    this.clock = requireNonNull(clock, "clock");
    this.jsonFactory = BoundedJson.factory(limits);
  }

  /**
   * The ingest routes, committing to {@code sink}, with the SLO set initially {@code slos}.
   *
   * @param vertx runs large bodies' decoding on its worker pool
   * @param sink the store
   * @param limits the request limits
   * @param clock gives the time of events without one
   * @param slos the SLOs whose selectors pick the series to keep
   */
  public static IngestRoutes create(
      Vertx vertx, SliSink sink, IngestLimits limits, Clock clock, Collection<SloSpec> slos) {
    IngestRoutes routes = new IngestRoutes(vertx, sink, limits, clock, null);
    routes.updateSlos(slos);
    return routes;
  }

  /**
   * The ingest routes, committing to {@code sink}, reading the current SLO set from {@code slos}
   * for every request; the selector index is rebuilt when the supplier returns another collection
   * object than before (so the supplier should return the same object until the set changes, as an
   * {@code AtomicReference<List<SloSpec>>::get} does).
   */
  public static IngestRoutes create(
      Vertx vertx,
      SliSink sink,
      IngestLimits limits,
      Clock clock,
      Supplier<? extends Collection<SloSpec>> slos) {
    requireNonNull(slos, "slos");
    IngestRoutes routes = new IngestRoutes(vertx, sink, limits, clock, slos);
    routes.index();
    return routes;
  }

  /**
   * Replaces the SLO set: requests decoded from now on match the new selectors (the index is
   * rebuilt, then swapped atomically; requests in flight finish with the old one). With a supplier
   * of SLOs, this holds until the supplier returns another collection.
   */
  public IngestRoutes updateSlos(Collection<SloSpec> slos) {
    requireNonNull(slos, "slos");
    indexed.set(new Indexed(slos, SelectorIndex.of(List.copyOf(slos), groups)));
    return this;
  }

  /**
   * Limits every grouped SLO to {@code maxGroupsPerSlo} instances (100 by default), starting the
   * count afresh; a series of a group beyond the limit counts in the SLO but in no instance, and is
   * counted in {@link #groupLimiter()}.
   */
  public IngestRoutes maxGroupsPerSlo(int maxGroupsPerSlo) {
    groups = new GroupLimiter(maxGroupsPerSlo);
    Indexed current = indexed.get();
    indexed.set(new Indexed(current.slos(), SelectorIndex.of(List.copyOf(current.slos()), groups)));
    return this;
  }

  /** The groups admitted per grouped SLO, and the series refused beyond the limit. */
  public GroupLimiter groupLimiter() {
    return groups;
  }

  /** The selector index in use now. */
  public SelectorIndex index() {
    Indexed current = indexed.get();
    if (slosSource != null) {
      Collection<SloSpec> slos = slosSource.get();
      if (slos != current.slos()) {
        current = new Indexed(slos, SelectorIndex.of(List.copyOf(slos), groups));
        indexed.set(current);
      }
    }
    return current.index();
  }

  /** The limits in force. */
  public IngestLimits limits() {
    return limits;
  }

  /** The endpoints' counters since start. */
  public IngestStats stats() {
    return new IngestStats(
        remoteWriteCounters.snapshot(), otlpCounters.snapshot(), eventsCounters.snapshot());
  }

  /**
   * Mounts the three endpoints on the router, each with its own body handler (bounded by {@code
   * maxCompressedBodyBytes}) and a failure handler that answers problem+json; install no other body
   * handler in front of these paths.
   */
  public void mount(Router router) {
    mount(
        router,
        REMOTE_WRITE_PATH,
        remoteWriteCounters,
        this::checkRemoteWriteHeaders,
        this::remoteWrite);
    mount(router, OTLP_METRICS_PATH, otlpCounters, this::checkOtlpHeaders, this::otlpMetrics);
    mount(router, EVENTS_PATH, eventsCounters, this::checkEventsHeaders, this::events);
  }

  private void mount(
      Router router,
      String path,
      EndpointCounters counters,
      Handler<RoutingContext> headers,
      Handler<RoutingContext> handler) {
    // The body handler refuses a Content-Length over the limit before reading, and stops reading
    // a chunked body at the limit; Vert.x requires it before any user handler.
    router
        .post(path)
        .handler(
            BodyHandler.create(false)
                .setBodyLimit(limits.maxCompressedBodyBytes())
                .setPreallocateBodyBuffer(false))
        .handler(headers)
        .handler(handler)
        .failureHandler(ctx -> failure(ctx, counters));
  }

  // ---- header checks ----

  private void checkRemoteWriteHeaders(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null) {
      String media = mediaType(type);
      String proto = parameter(type, "proto");
      if (!media.equals(PROTOBUF) || (proto != null && !proto.equals("prometheus.WriteRequest"))) {
        ctx.fail(
            unsupported(
                "remote_write takes Content-Type: application/x-protobuf (remote write 1.0,"
                    + " prometheus.WriteRequest); got "
                    + type));
        return;
      }
    }
    String encoding = ctx.request().getHeader("Content-Encoding");
    if (encoding == null || !encoding.trim().equalsIgnoreCase("snappy")) {
      ctx.fail(
          unsupported(
              "remote_write takes Content-Encoding: snappy (block format); got "
                  + (encoding == null ? "none" : encoding)));
      return;
    }
    ctx.next();
  }

  private void checkOtlpHeaders(RoutingContext ctx) {
    if (!checkGzipOrIdentity(ctx)) {
      return;
    }
    String type = ctx.request().getHeader("Content-Type");
    String media = type == null ? "" : mediaType(type);
    if (!media.equals(PROTOBUF) && !media.equals(JSON)) {
      ctx.fail(
          unsupported(
              "OTLP metrics take Content-Type: application/x-protobuf or application/json; got "
                  + (type == null ? "none" : type)));
      return;
    }
    ctx.next();
  }

  private void checkEventsHeaders(RoutingContext ctx) {
    if (!checkGzipOrIdentity(ctx)) {
      return;
    }
    String type = ctx.request().getHeader("Content-Type");
    String media = type == null ? "" : mediaType(type);
    switch (media) {
      case JSON,
          "application/x-ndjson",
          "application/ndjson",
          "application/jsonl",
          "application/x-jsonlines",
          "application/jsonlines" ->
          ctx.next();
      default ->
          ctx.fail(
              unsupported(
                  "events take Content-Type: application/x-ndjson (one event per line) or"
                      + " application/json (an array); got "
                      + (type == null ? "none" : type)));
    }
  }

  private boolean checkGzipOrIdentity(RoutingContext ctx) {
    String encoding = ctx.request().getHeader("Content-Encoding");
    if (encoding != null
        && !encoding.trim().equalsIgnoreCase("gzip")
        && !encoding.trim().equalsIgnoreCase("identity")) {
      ctx.fail(unsupported("Content-Encoding must be gzip or identity; got " + encoding));
      return false;
    }
    return true;
  }

  // ---- the endpoints ----

  private void remoteWrite(RoutingContext ctx) {
    byte[] body = body(ctx);
    if (body == null) {
      return;
    }
    SelectorIndex idx = index();
    Optional<String> key = idempotencyKey(ctx, REMOTE_WRITE_PATH);
    if (key == null) {
      return;
    }
    long declared = SnappyBlock.declaredLength(body);
    decodeThenCommit(
        ctx,
        remoteWriteCounters,
        declared < 0 ? Long.MAX_VALUE : declared,
        () -> {
          byte[] pb = SnappyBlock.decompress(body, limits.maxDecompressedBodyBytes());
          BatchBuilder out = new BatchBuilder();
          RemoteWriteDecoder.Decoded d = RemoteWriteDecoder.decode(pb, limits, idx, out);
          return new Prepared<Void>(out.build(key, d.samples(), bodyHash(key, pb)), null);
        },
        (prepared, result) -> ctx.response().setStatusCode(204).end());
  }

  private void otlpMetrics(RoutingContext ctx) {
    byte[] body = body(ctx);
    if (body == null) {
      return;
    }
    SelectorIndex idx = index();
    Optional<String> key = idempotencyKey(ctx, OTLP_METRICS_PATH);
    if (key == null) {
      return;
    }
    boolean json = mediaType(ctx.request().getHeader("Content-Type")).equals(JSON);
    boolean gzip = isGzip(ctx);
    decodeThenCommit(
        ctx,
        otlpCounters,
        gzip ? Long.MAX_VALUE : body.length,
        () -> {
          byte[] raw = gzip ? BoundedGzip.gunzip(body, limits.maxDecompressedBodyBytes()) : body;
          if (raw.length == 0) {
            throw LimitProblems.malformed("OTLP request", "the body is empty");
          }
          ExportMetricsServiceRequest request =
              json ? OtlpDecoder.json(raw, jsonFactory, limits) : OtlpDecoder.protobuf(raw);
          BatchBuilder out = new BatchBuilder();
          OtlpTranslator.Translated t =
              OtlpTranslator.translate(request, limits, idx, clock, sink.timeBounds(), out);
          return new Prepared<>(out.build(key, t.samples(), bodyHash(key, raw)), t);
        },
        (prepared, result) -> {
          OtlpTranslator.Translated t = prepared.info();
          ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
          if (t.rejectedDataPoints() > 0) {
            response.setPartialSuccess(
                ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(t.rejectedDataPoints())
                    .setErrorMessage(t.errorMessage()));
          }
          if (json) {
            JsonObject o = new JsonObject();
            if (t.rejectedDataPoints() > 0) {
              o.put(
                  "partialSuccess",
                  new JsonObject()
                      .put("rejectedDataPoints", Long.toString(t.rejectedDataPoints()))
                      .put("errorMessage", t.errorMessage()));
            }
            ctx.response().setStatusCode(200).putHeader("Content-Type", JSON).end(o.encode());
          } else {
            ctx.response()
                .setStatusCode(200)
                .putHeader("Content-Type", PROTOBUF)
                .end(Buffer.buffer(response.build().toByteArray()));
          }
        });
  }

  private void events(RoutingContext ctx) {
    byte[] body = body(ctx);
    if (body == null) {
      return;
    }
    SelectorIndex idx = index();
    Optional<String> key = idempotencyKey(ctx, EVENTS_PATH);
    if (key == null) {
      return;
    }
    boolean gzip = isGzip(ctx);
    decodeThenCommit(
        ctx,
        eventsCounters,
        gzip ? Long.MAX_VALUE : body.length,
        () -> {
          byte[] raw = gzip ? BoundedGzip.gunzip(body, limits.maxDecompressedBodyBytes()) : body;
          List<RequestEvent> events = EventsDecoder.decode(raw, jsonFactory, limits, clock);
          BatchBuilder out = new BatchBuilder();
          EventSeries.match(events, idx, out);
          return new Prepared<>(out.build(key, events.size(), bodyHash(key, raw)), events.size());
        },
        (prepared, result) -> {
          JsonObject o =
              new JsonObject()
                  .put("accepted", prepared.info())
                  .put("rejected", 0)
                  .put("matchedSeries", prepared.batch().series().size())
                  .put("matchedSamples", matchedSamples(prepared.batch()))
                  .put("applied", result.applied())
                  .put("duplicates", result.duplicates())
                  .put("tooLate", result.tooLate());
          if (prepared.info() > 0 && prepared.batch().series().isEmpty()) {
            o.put("hint", unmatchedEventsHint(idx));
          }
          ctx.response().setStatusCode(200).putHeader("Content-Type", JSON).end(o.encode());
        });
  }

  // ---- the common path: decode (inline or on a worker), commit, answer ----

  private record Prepared<T>(IngestBatch batch, T info) {}

  private interface Responder<T> {
    void respond(Prepared<T> prepared, CommitResult result);
  }

  private <T> void decodeThenCommit(
      RoutingContext ctx,
      EndpointCounters counters,
      long decodedLength,
      Callable<Prepared<T>> decode,
      Responder<T> responder) {
    Future<Prepared<T>> decoded;
    if (decodedLength <= limits.inlineDecodeMaxBytes()) {
      // Small bodies decode in well under a millisecond: a worker hop would cost more. The size
      // that counts is the decoded one (a gzip body's is unknown until inflated: always a worker).
      try {
        decoded = Future.succeededFuture(decode.call());
      } catch (Exception e) {
        decoded = Future.failedFuture(e);
      }
    } else {
      decoded = vertx.executeBlocking(decode, false);
    }
    decoded
        .compose(
            prepared -> {
              Future<CommitResult> committed =
                  prepared.batch().series().isEmpty()
                      ? Future.succeededFuture(new CommitResult(0, 0, 0))
                      : submit(prepared.batch());
              return committed.map(result -> Map.entry(prepared, result));
            })
        .onComplete(
            ar -> {
              if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
              }
              try {
                IngestBatch batch = ar.result().getKey().batch();
                counters.accepted.increment();
                counters.samplesReceived.add(batch.receivedSamples());
                counters.samplesMatched.add(matchedSamples(batch));
                responder.respond(ar.result().getKey(), ar.result().getValue());
              } catch (RuntimeException e) {
                ctx.fail(e);
              }
            });
  }

  private Future<CommitResult> submit(IngestBatch batch) {
    try {
      Future<CommitResult> f = sink.submit(batch);
      return f == null
          ? Future.failedFuture(new IllegalStateException("the sink returned null"))
          : f;
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void failure(RoutingContext ctx, EndpointCounters counters) {
    Throwable f = ctx.failure();
    if ((f == null && ctx.statusCode() == 413)
        || (f instanceof HttpException he && he.getStatusCode() == 413)) {
      counters.answered(413);
      Problems.send(ctx, tooLargeBody());
      return;
    }
    int status =
        f instanceof HttpProblem p
            ? p.status()
            : f instanceof HttpException he
                ? he.getStatusCode()
                : f == null ? ctx.statusCode() : 500;
    counters.answered(status);
    if (status < 500 && log.isDebugEnabled()) {
      log.debug(
          "refused {} {} with {}: {}",
          ctx.request().method(),
          ctx.request().path(),
          status,
          f == null ? "" : f.getMessage());
    }
    if (f instanceof HttpProblem p && (p.status() == 503 || p.status() == 429)) {
      Object after = p.extensions().get("retryAfter");
      long seconds = after instanceof Number n ? n.longValue() : DEFAULT_RETRY_AFTER_SECONDS;
      ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, seconds)));
    }
    problems.handle(ctx);
  }

  // ---- helpers ----

  private byte[] body(RoutingContext ctx) {
    RequestBody rb = ctx.body();
    Buffer b = rb == null ? null : rb.buffer();
    if (b == null || b.length() == 0) {
      ctx.fail(HttpProblem.badRequest("body", "the request body is empty"));
      return null;
    }
    // Only bites when another body handler ran first, with a larger limit than ours.
    if (b.length() > limits.maxCompressedBodyBytes()) {
      ctx.fail(tooLargeBody());
      return null;
    }
    return b.getBytes();
  }

  /**
   * The Idempotency-Key header, scoped by endpoint and sender ({@code "endpoint principal key"}:
   * the key has no spaces); null (after failing the request) when it is invalid.
   */
  private static Optional<String> idempotencyKey(RoutingContext ctx, String endpoint) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null) {
      return Optional.empty();
    }
    key = key.trim();
    boolean ok = !key.isEmpty() && key.length() <= MAX_IDEMPOTENCY_KEY_LENGTH;
    for (int i = 0; ok && i < key.length(); i++) {
      char c = key.charAt(i);
      ok = c > 0x20 && c < 0x7f;
    }
    if (!ok) {
      ctx.fail(
          HttpProblem.badRequest(
              "Idempotency-Key",
              "Idempotency-Key must be 1 to "
                  + MAX_IDEMPOTENCY_KEY_LENGTH
                  + " visible ASCII characters"));
      return null;
    }
    Object principal = ctx.get(PRINCIPAL_KEY);
    String who = principal == null ? "-" : principal.toString().replace(' ', '_');
    return Optional.of(endpoint + " " + who + " " + key);
  }

  /** The SHA-256 (hex) of a decoded body, only for a request with an idempotency key. */
  private static Optional<String> bodyHash(Optional<String> key, byte[] decoded) {
    if (key.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(decoded)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * Why accepted events counted for no SLO: events become one metric, and an SLO over another one
   * (such as {@code http_requests_total}) never sees them.
   */
  static String unmatchedEventsHint(SelectorIndex index) {
    String m = EventSeries.METRIC;
    boolean selected =
        index.selects(m + "_count") || index.selects(m + "_bucket") || index.selects(m + "_sum");
    String become =
        "events become the histogram "
            + m
            + " (_count, _sum, _bucket{le}) with the labels job (the service), http_route,"
            + " http_request_method, http_response_status_code and their own labels; ";
    return selected
        ? become
            + "SLOs select "
            + m
            + " but none of their selectors matched these events' labels, so they count for no SLO"
        : become
            + "no SLO selects "
            + m
            + ", so they count for no SLO (an SLO over another metric, such as"
            + " http_requests_total, never sees events)";
  }

  private static long matchedSamples(IngestBatch batch) {
    long n = 0;
    for (var s : batch.series()) {
      n += s.size();
    }
    return n;
  }

  private static boolean isGzip(RoutingContext ctx) {
    String encoding = ctx.request().getHeader("Content-Encoding");
    return encoding != null && encoding.trim().equalsIgnoreCase("gzip");
  }

  private HttpProblem tooLargeBody() {
    return LimitProblems.tooLarge(
        "maxCompressedBodyBytes", limits.maxCompressedBodyBytes(), "the request body");
  }

  private static HttpProblem unsupported(String detail) {
    return new HttpProblem(415, "Unsupported media type", detail);
  }

  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  static String parameter(String contentType, String name) {
    String[] parts = contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
        String v = p.substring(eq + 1).trim();
        return v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2
            ? v.substring(1, v.length() - 1)
            : v;
      }
    }
    return null;
  }
}
