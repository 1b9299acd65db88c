package dev.burnrate.bridge.internal.connector.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.BridgeSettings.ConnectorSettings;
import dev.burnrate.bridge.internal.connector.Connector;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.record.Json;
import java.net.URI;
import java.util.Set;

/**
 * PagerDuty Events API v2: {@code POST /v2/enqueue} with trigger, acknowledge and resolve events.
 *
 * <p>Idempotent by PagerDuty's own mechanism: every event of an incident carries the stable {@code
 * dedup_key} {@code burnrate-INC-n}, so a trigger sent twice (after a timeout or a crash) lands on
 * the same open alert instead of opening another.
 */
public final class PagerDutyConnector implements Connector {
  private static final Set<String> TRIGGERS = Set.of("opened", "escalated", "refired", "updated");

  private final ConnectorSettings settings;
  private final Http http;
  private final URI enqueue;

  public PagerDutyConnector(ConnectorSettings settings, Http http) {
    this.settings = settings;
    this.http = http;
    this.enqueue = settings.url().resolve("/v2/enqueue");
  }

  @Override
  public String name() {
    return settings.name();
  }

  static String dedupKey(String recordKey) {
    return "burnrate-" + recordKey;
  }

  static String severity(String priority) {
    return switch (priority) {
      case "P1" -> "critical";
      case "P2" -> "error";
      case "P3" -> "warning";
      default -> "info";
    };
  }

  @Override
  public Outcome deliver(Delivery d) throws InterruptedException {
    if (!d.kind().equals("incident")) {
      return new Outcome.Delivered();
    }
    JsonNode rec = d.record();
    String state = rec.path("state").asText();
    String action;
    if (state.equals("resolved") || state.equals("closed")) {
      action = "resolve";
    } else if (d.event().equals("acknowledged")) {
      action = "acknowledge";
    } else if (TRIGGERS.contains(d.event())) {
      action = "trigger";
    } else {
      return new Outcome.Delivered(); // comments and links have no Events API counterpart
    }
    String dedup = dedupKey(d.key());
    ObjectNode body = Json.object();
    body.put("routing_key", settings.secrets().get("routingKey").reveal());
    body.put("event_action", action);
    body.put("dedup_key", dedup);
    if (action.equals("trigger")) {
      ObjectNode p = body.putObject("payload");
      String summary =
          "[" + rec.path("priority").asText() + "] " + d.key() + " " + rec.path("title").asText();
      p.put("summary", summary.length() > 1024 ? summary.substring(0, 1024) : summary);
      p.put("source", settings.option("source", rec.path("service").asText()));
      p.put("severity", severity(rec.path("priority").asText()));
      p.put("timestamp", rec.path("openedAt").asText());
      p.put(
          "component",
          rec.path("slo").isNull() ? rec.path("service").asText() : rec.path("slo").asText());
      p.put("group", rec.path("service").asText());
      p.put("class", rec.path("source").asText());
      ObjectNode details = p.putObject("custom_details");
      details.put("incident", d.key());
      details.put("priority", rec.path("priority").asText());
      details.put("event", d.event());
      details.put("message", d.message());
      details.set("impactedServices", rec.path("impactedServices"));
      details.set("activeAlerts", rec.path("activeAlerts"));
      body.put("client", "Burnrate");
    }
    Http.Result r =
        http.send(
            http.request(enqueue)
                .header("Content-Type", "application/json")
                .POST(Http.json(Json.write(body)))
                .build(),
            d.now());
    if (!r.ok()) {
      return r.failure();
    }
    if (d.refs().find(d.key()).isEmpty() && action.equals("trigger")) {
      String key = Json.read(r.body()).path("dedup_key").asText(dedup);
      d.refs().store(d.key(), new ExternalRef(key, key, null));
    }
    return new Outcome.Delivered();
  }
}
