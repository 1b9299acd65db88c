package dev.burnrate.ingest.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import dev.burnrate.ingest.events.EventSeries;
import dev.burnrate.ingest.events.EventsDecoder;
import dev.burnrate.ingest.events.RequestEvent;
import dev.burnrate.ingest.internal.LimitProblems;
import dev.burnrate.ingest.limits.BoundedJson;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.match.internal.GroupLimiter;
import dev.burnrate.ingest.otlp.OtlpDecoder;
import dev.burnrate.ingest.otlp.internal.OtlpTranslator;
import dev.burnrate.ingest.pipeline.SliSink;
import dev.burnrate.ingest.remotewrite.RemoteWriteDecoder;
import dev.burnrate.ingest.remotewrite.SnappyBlock;
import dev.burnrate.slo.definition.SloSpec;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

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

  private final SliSink sink;
  private final DecodeAndCommit commits;
  private final IngestLimits limits;
  private final Clock clock;
  private final JsonFactory jsonFactory;
  // The SLO set the index was built from (compared by identity) and the index.
  private final AtomicReference<Indexed> indexed =
      new AtomicReference<>(new Indexed(List.of(), SelectorIndex.empty()));
  private final Supplier<? extends Collection<SloSpec>> slosSource;
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
    this.sink = requireNonNull(sink, "sink");
    this.limits = requireNonNull(limits, "limits");
    this.clock = requireNonNull(clock, "clock");
    this.jsonFactory = BoundedJson.factory(limits);
    this.commits = new DecodeAndCommit(requireNonNull(vertx, "vertx"), sink, limits);
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
   * counted in {@link #groupsOverLimit}.
   */
  public IngestRoutes maxGroupsPerSlo(int maxGroupsPerSlo) {
    groups = new GroupLimiter(maxGroupsPerSlo);
    Indexed current = indexed.get();
    indexed.set(new Indexed(current.slos(), SelectorIndex.of(List.copyOf(current.slos()), groups)));
    return this;
  }

  /**
   * How many series matches of an SLO were refused an instance because of the limit on its groups
   * ({@link #maxGroupsPerSlo}).
   */
  public long groupsOverLimit(String slo) {
    return groups.overLimit(slo);
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
        IngestHeaders::checkRemoteWrite,
        this::remoteWrite);
    mount(router, OTLP_METRICS_PATH, otlpCounters, IngestHeaders::checkOtlp, this::otlpMetrics);
    mount(router, EVENTS_PATH, eventsCounters, IngestHeaders::checkEvents, this::events);
  }

  private void mount(
      Router router,
      String path,
      EndpointCounters counters,
      Handler<RoutingContext> headers,
      Endpoint endpoint) {
    // The body handler refuses a Content-Length over the limit before reading, and stops reading
    // a chunked body at the limit; Vert.x requires it before any user handler.
    router
        .post(path)
        .handler(
            BodyHandler.create(false)
                .setBodyLimit(limits.maxCompressedBodyBytes())
                .setPreallocateBodyBuffer(false))
        .handler(headers)
        .handler(ctx -> receive(ctx, path, endpoint))
        .failureHandler(ctx -> commits.failure(ctx, counters));
  }

  /** An endpoint, handed a request once its body, the index in use and its idempotency key are. */
  @FunctionalInterface
  private interface Endpoint {
    void receive(RoutingContext ctx, byte[] body, SelectorIndex index, Optional<String> key);
  }

  /** What every endpoint does first; the request fails when the body or the key is not valid. */
  private void receive(RoutingContext ctx, String path, Endpoint endpoint) {
    byte[] body = commits.body(ctx);
    if (body == null) {
      return;
    }
    SelectorIndex idx = index();
    Optional<String> key = IdempotencyKeys.of(ctx, path);
    if (key == null) {
      return;
    }
    endpoint.receive(ctx, body, idx, key);
  }

  // ---- the endpoints ----

  private void remoteWrite(
      RoutingContext ctx, byte[] body, SelectorIndex idx, Optional<String> key) {
    long declared = SnappyBlock.declaredLength(body);
    commits.run(
        ctx,
        remoteWriteCounters,
        declared < 0 ? Long.MAX_VALUE : declared,
        () -> {
          byte[] pb = SnappyBlock.decompress(body, limits.maxDecompressedBodyBytes());
          BatchBuilder out = new BatchBuilder(RemoteWriteDecoder.expectedSeries(pb));
          RemoteWriteDecoder.Decoded d = RemoteWriteDecoder.decode(pb, limits, idx, out);
          return new DecodeAndCommit.Prepared<Void>(
              out.build(key, d.samples(), IdempotencyKeys.bodyHash(key, pb)), null);
        },
        (prepared, result) -> ctx.response().setStatusCode(204).end());
  }

  private void otlpMetrics(
      RoutingContext ctx, byte[] body, SelectorIndex idx, Optional<String> key) {
    boolean json = IngestHeaders.isJson(ctx);
    decodeAndCommit(
        ctx,
        otlpCounters,
        body,
        raw -> {
          if (raw.length == 0) {
            throw LimitProblems.malformed("OTLP request", "the body is empty");
          }
          ExportMetricsServiceRequest request =
              json ? OtlpDecoder.json(raw, jsonFactory, limits) : OtlpDecoder.protobuf(raw);
          BatchBuilder out = new BatchBuilder();
          OtlpTranslator.Translated t =
              OtlpTranslator.translate(request, limits, idx, clock, sink.timeBounds(), out);
          return new DecodeAndCommit.Prepared<>(
              out.build(key, t.samples(), IdempotencyKeys.bodyHash(key, raw)), t);
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
            ctx.response()
                .setStatusCode(200)
                .putHeader("Content-Type", IngestHeaders.JSON)
                .end(o.encode());
          } else {
            ctx.response()
                .setStatusCode(200)
                .putHeader("Content-Type", IngestHeaders.PROTOBUF)
                .end(Buffer.buffer(response.build().toByteArray()));
          }
        });
  }

  private void events(RoutingContext ctx, byte[] body, SelectorIndex idx, Optional<String> key) {
    decodeAndCommit(
        ctx,
        eventsCounters,
        body,
        raw -> {
          List<RequestEvent> events = EventsDecoder.decode(raw, jsonFactory, limits, clock);
          BatchBuilder out = new BatchBuilder();
          EventSeries.match(events, idx, out);
          return new DecodeAndCommit.Prepared<>(
              out.build(key, events.size(), IdempotencyKeys.bodyHash(key, raw)), events.size());
        },
        (prepared, result) -> {
          JsonObject o =
              new JsonObject()
                  .put("accepted", prepared.info())
                  .put("rejected", 0)
                  .put("matchedSeries", prepared.batch().series().size())
                  .put("matchedSamples", DecodeAndCommit.matchedSamples(prepared.batch()))
                  .put("applied", result.applied())
                  .put("duplicates", result.duplicates())
                  .put("tooLate", result.tooLate());
          if (prepared.info() > 0 && prepared.batch().series().isEmpty()) {
            o.put("hint", unmatchedEventsHint(idx));
          }
          ctx.response()
              .setStatusCode(200)
              .putHeader("Content-Type", IngestHeaders.JSON)
              .end(o.encode());
        });
  }

  /** Decodes a body of the request's {@code Content-Encoding} (none or gzip). */
  @FunctionalInterface
  private interface BodyDecoder<T> {
    DecodeAndCommit.Prepared<T> decode(byte[] raw) throws Exception;
  }

  /**
   * Decodes (inflating a gzip body first) and commits, as {@link DecodeAndCommit#run} does; a gzip
   * body's decoded size is unknown until it is inflated, so it always goes to a worker.
   */
  private <T> void decodeAndCommit(
      RoutingContext ctx,
      EndpointCounters counters,
      byte[] body,
      BodyDecoder<T> decoder,
      DecodeAndCommit.Responder<T> responder) {
    boolean gzip = IngestHeaders.isGzip(ctx);
    commits.run(
        ctx,
        counters,
        gzip ? Long.MAX_VALUE : body.length,
        () ->
            decoder.decode(
                gzip ? BoundedGzip.gunzip(body, limits.maxDecompressedBodyBytes()) : body),
        responder);
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
}
