package dev.burnrate.bridge.internal.web;

import static dev.burnrate.bridge.internal.web.Endpoints.BASE;

import dev.burnrate.bridge.WebhookRules;
import dev.burnrate.bridge.internal.alert.AlertSignal;
import dev.burnrate.bridge.internal.alert.AlertWebhooks;
import dev.burnrate.bridge.internal.alert.WebhookPayload;
import dev.burnrate.bridge.internal.incident.IncidentRules;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.http.Problems;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;

/** The webhook routes of Alertmanager and Grafana: their alerts open and resolve incidents. */
final class AlertRoutes {
  /** What a webhook call did: how many alerts it carried, which incidents they touched. */
  record Accepted(int alerts, List<String> incidents) {}

  private AlertRoutes() {}

  static void mount(Endpoints e, Vertx vertx, WebhookRules rules, IncidentRules incidents) {
    AlertWebhooks webhooks = new AlertWebhooks(rules);
    for (String source : List.of("alertmanager", "grafana")) {
      webhook(e, vertx, webhooks, rules.maxBodyBytes(), incidents, source);
    }
  }

  private static void webhook(
      Endpoints e,
      Vertx vertx,
      AlertWebhooks webhooks,
      int maxBytes,
      IncidentRules incidents,
      String source) {
    Route route = e.router().post(BASE + "/alerts/" + source);
    route.handler(BodyHandler.create().setBodyLimit(maxBytes));
    route.handler(
        ctx -> {
          try {
            WebhookPayload payload =
                RequestJson.bindNotification(RequestJson.utf8(ctx), WebhookPayload.class);
            List<AlertSignal> signals = webhooks.read(payload, source);
            vertx
                .executeBlocking(
                    () -> {
                      List<String> touched = new ArrayList<>();
                      for (AlertSignal s : signals) {
                        incidents
                            .apply(s)
                            .filter(k -> !touched.contains(k))
                            .ifPresent(touched::add);
                      }
                      return new Accepted(signals.size(), touched);
                    },
                    true)
                .onSuccess(o -> Endpoints.send(ctx, 200, o))
                .onFailure(ctx::fail);
          } catch (RuntimeException ex) {
            ctx.fail(ex);
          }
        });
    Handler<RoutingContext> problems = Endpoints.failureHandler();
    route.failureHandler(
        ctx -> {
          if (ctx.failure() == null && ctx.statusCode() == 413) {
            Problems.send(
                ctx,
                HttpProblem.tooLarge(
                    "maxBodyBytes",
                    maxBytes,
                    "the body is larger than the limit of " + maxBytes + " bytes"));
          } else {
            problems.handle(ctx);
          }
        });
  }
}
