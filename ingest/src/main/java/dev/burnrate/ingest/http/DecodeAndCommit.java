package dev.burnrate.ingest.http;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.http.Problems;
import dev.burnrate.ingest.internal.LimitProblems;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.SliSink;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path every endpoint shares: take the body, decode it (inline or on a worker), commit the
 * batch, count, answer; and the one failure handler that turns what went wrong into problem+json.
 */
final class DecodeAndCommit {
  private static final Logger log = LoggerFactory.getLogger(IngestRoutes.class);

  private final Vertx vertx;
  private final SliSink sink;
  private final IngestLimits limits;
  private final Handler<RoutingContext> problems = Problems.failureHandler();

  DecodeAndCommit(Vertx vertx, SliSink sink, IngestLimits limits) {
    this.vertx = vertx;
    this.sink = sink;
    this.limits = limits;
  }

  /** A decoded request: the batch to commit, and what the endpoint answers with besides. */
  record Prepared<T>(IngestBatch batch, T info) {}

  /** Answers a request once its batch is committed. */
  interface Responder<T> {
    void respond(Prepared<T> prepared, CommitResult result);
  }

  /** The request body; null (after failing the request) when it is empty or too large. */
  byte[] body(RoutingContext ctx) {
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

  <T> void run(
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

  /** Answers a failed request with problem+json (and Retry-After when the store is busy). */
  void failure(RoutingContext ctx, EndpointCounters counters) {
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
      long seconds =
          after instanceof Number n ? n.longValue() : Problems.DEFAULT_RETRY_AFTER_SECONDS;
      ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, seconds)));
    }
    problems.handle(ctx);
  }

  static long matchedSamples(IngestBatch batch) {
    return batch.matchedSamples();
  }

  private HttpProblem tooLargeBody() {
    return LimitProblems.tooLarge(
        "maxCompressedBodyBytes", limits.maxCompressedBodyBytes(), "the request body");
  }
}
