package dev.burnrate.bridge.internal.request;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.connector.stackstorm.StackStormExecutions;
import dev.burnrate.bridge.internal.connector.stackstorm.StackStormExecutions.Execution;
import dev.burnrate.bridge.internal.connector.stackstorm.StackStormExecutions.St2Exception;
import dev.burnrate.bridge.internal.connector.webhook.WebhookConnector;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.TimelineSql;
import dev.burnrate.yaml.Durations;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fulfils approved requests by automation, off the request thread: each run claims what is new
 * (committed before the action starts, so a restart never starts it twice), starts the StackStorm
 * action or calls the webhook, records the execution id before following it, and records the
 * outcome once the execution is final.
 */
final class FulfilmentWorker {
  private static final Logger log = LoggerFactory.getLogger(FulfilmentWorker.class);
  private static final int BATCH = 100;
  private static final int MAX_OUTCOME_BODY = 2000;

  private final BridgeContext ctx;
  private final HttpClient http;
  private final StackStormExecutions st2;
  private final Duration timeout = Duration.ofSeconds(30);

  FulfilmentWorker(BridgeContext ctx) {
    this.ctx = ctx;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.st2 = new StackStormExecutions(http, timeout);
  }

  /** One pass over the requests being fulfilled; returns how many it finished. */
  int run() throws InterruptedException {
    int done = 0;
    for (String key : ctx.db().tx(c -> RequestSql.fulfilling(c, BATCH))) {
      try {
        if (step(key)) {
          done++;
        }
      } catch (RuntimeException e) {
        log.warn("fulfilment of {} failed; retrying at the next tick", key, e);
      }
    }
    return done;
  }

  private record Claim(ServiceRequest request, RequestType type, FulfilmentStep step) {}

  /** The body of a webhook fulfilment: the shape of the webhook connector's deliveries. */
  private record Delivery(String id, String event, String message, RequestView record) {}

  private boolean step(String key) throws InterruptedException {
    Instant now = ctx.now();
    Optional<Claim> claim =
        ctx.tx(
            c -> {
              ServiceRequest r = RequestSql.request(c, key, true).orElseThrow();
              if (r.state() != RequestState.FULFILLING) {
                return Optional.<Claim>empty();
              }
              Optional<RequestType> t = ctx.catalog().requests().type(r.type());
              if (t.isEmpty() || !t.get().fulfilment().automated()) {
                finish(
                    c,
                    r,
                    false,
                    FulfilmentOutcome.failure(
                        "none", "the catalog no longer fulfils " + r.type() + " by automation"),
                    now);
                return Optional.<Claim>empty();
              }
              FulfilmentStep s = FulfilmentStep.next(r, t.get(), now);
              switch (s) {
                case START -> {
                  ServiceRequest claimed = r.claimed(now);
                  RequestSql.updateFulfilment(c, claimed);
                  return Optional.of(new Claim(claimed, t.get(), s));
                }
                case ORPHANED -> {
                  finish(
                      c,
                      r,
                      false,
                      FulfilmentOutcome.failure(
                          t.get().fulfilment().mode(),
                          "the bridge stopped while starting the action at "
                              + r.startedAt()
                              + "; it may or may not have run, so it is not started again"),
                      now);
                  return Optional.<Claim>empty();
                }
                case TIMED_OUT -> {
                  finish(
                      c,
                      r,
                      false,
                      FulfilmentOutcome.failure(
                          t.get().fulfilment().mode(),
                          "execution "
                              + r.executionId()
                              + " did not finish within "
                              + Durations.format(t.get().timeout())),
                      now);
                  return Optional.<Claim>empty();
                }
                case FOLLOW -> {
                  return Optional.of(new Claim(r, t.get(), s));
                }
                default -> {
                  return Optional.<Claim>empty();
                }
              }
            });
    if (claim.isEmpty()) {
      return false;
    }
    Claim cl = claim.get();
    return switch (cl.type().fulfilment()) {
      case Fulfilment.StackStorm st -> stackstorm(cl, st);
      case Fulfilment.Webhook w -> webhook(cl, w);
      default -> false;
    };
  }

  private boolean stackstorm(Claim cl, Fulfilment.StackStorm st) throws InterruptedException {
    ServiceRequest r = cl.request();
    if (cl.step() == FulfilmentStep.START) {
      Execution e;
      try {
        e =
            st2.start(
                st.url(), st.apiKey(), st.action(), FulfilmentStep.parameters(st, r.fields()));
      } catch (St2Exception ex) {
        // Refused (4xx/5xx): it did not run. No answer: it may have; either way, not again.
        String why =
            ex.status == 0
                ? ex.getMessage()
                    + "; the action may or may not have run, so it is not started again"
                : ex.getMessage();
        return conclude(r, false, FulfilmentOutcome.failure("stackstorm", why));
      }
      String id = e.id();
      ctx.tx(
          c -> {
            ServiceRequest now = RequestSql.request(c, r.key(), true).orElseThrow();
            RequestSql.updateFulfilment(c, now.started(id));
            TimelineSql.append(
                c,
                r.key(),
                ctx.now(),
                "fulfilment_started",
                "StackStorm execution " + id + " of " + st.action() + " started",
                "stackstorm",
                Map.of("executionId", id));
            return null;
          });
      return false;
    }
    Execution e;
    try {
      e = st2.get(st.url(), st.apiKey(), r.executionId());
    } catch (St2Exception ex) {
      log.warn(
          "cannot read StackStorm execution {} of {}: {}",
          r.executionId(),
          r.key(),
          ex.getMessage());
      return false;
    }
    if (!e.finished()) {
      return false;
    }
    return conclude(r, e.succeeded(), FulfilmentOutcome.stackstorm(e));
  }

  private boolean webhook(Claim cl, Fulfilment.Webhook w) throws InterruptedException {
    ServiceRequest r = cl.request();
    // The shape of the webhook connector's deliveries, so one receiver handles both.
    String json =
        Json.write(
            new Delivery(
                r.key(),
                "request.fulfil",
                "Fulfil " + r.type() + " request " + r.key(),
                RequestView.of(r, ctx.now())));
    long ts = ctx.now().getEpochSecond();
    HttpRequest req =
        HttpRequest.newBuilder(w.url())
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Burnrate")
            .header("X-Burnrate-Event", "request.fulfil")
            .header("X-Burnrate-Delivery", r.key())
            .header("X-Burnrate-Signature", WebhookConnector.sign(w.secret().reveal(), ts, json))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
      boolean ok = resp.statusCode() / 100 == 2;
      String b = resp.body() == null ? "" : resp.body();
      return conclude(
          r,
          ok,
          FulfilmentOutcome.webhook(
              ok,
              resp.statusCode(),
              b.length() > MAX_OUTCOME_BODY ? b.substring(0, MAX_OUTCOME_BODY) : b));
    } catch (IOException e) {
      return conclude(
          r, false, FulfilmentOutcome.failure("webhook", "webhook not reached: " + e.getMessage()));
    }
  }

  private boolean conclude(ServiceRequest r, boolean success, FulfilmentOutcome outcome) {
    return ctx.tx(
        c -> {
          ServiceRequest now = RequestSql.request(c, r.key(), true).orElseThrow();
          if (now.state() != RequestState.FULFILLING) {
            return false;
          }
          finish(c, now, success, outcome, ctx.now());
          return true;
        });
  }

  private void finish(
      Connection c, ServiceRequest r, boolean success, FulfilmentOutcome outcome, Instant now)
      throws SQLException {
    ServiceRequest next = r.finished(success, outcome.mode(), outcome, now);
    RequestSql.updateFulfilment(c, next);
    TimelineSql.append(
        c,
        r.key(),
        now,
        next.state().wire(),
        (success ? "Fulfilled" : "Fulfilment failed")
            + " by "
            + next.fulfilledBy()
            + (outcome.error() != null ? ": " + outcome.error() : "")
            + (outcome.executionId() != null
                ? " (execution " + outcome.executionId() + ", " + outcome.status() + ")"
                : ""),
        next.fulfilledBy(),
        outcome);
  }
}
