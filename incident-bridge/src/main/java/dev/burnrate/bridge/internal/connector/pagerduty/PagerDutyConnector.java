package dev.burnrate.bridge.internal.connector.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Secret;
import dev.burnrate.bridge.internal.connector.Connector;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.RecordText;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot;
import dev.burnrate.bridge.internal.outbox.OutboxJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * PagerDuty Events API v2: {@code POST /v2/enqueue} with trigger, acknowledge and resolve events.
 *
 * <p>Idempotent by PagerDuty's own mechanism: every event of an incident carries the stable {@code
 * dedup_key} {@code burnrate-INC-n}, so a trigger sent twice (after a timeout or a crash) lands on
 * the same open alert instead of opening another.
 *
 * <p>That same mechanism hides an escalation: a trigger for an open alert only appends to its log,
 * and the incident keeps the urgency it was opened with. With the optional REST API token {@code
 * apiToken} (and {@code from}, the email of a PagerDuty user, for an account token), an escalation
 * also sets the open incident's urgency, and with {@code setPriority: true} its priority.
 */
public final class PagerDutyConnector implements Connector {
  private static final Set<String> TRIGGERS = Set.of("opened", "escalated", "refired", "updated");

  private final ConnectorSettings settings;
  private final Http http;
  private final URI enqueue;
  private final String apiToken;
  private final URI api;

  public PagerDutyConnector(ConnectorSettings settings, Http http) {
    this.settings = settings;
    this.http = http;
    this.enqueue = Http.under(settings.url(), "/v2/enqueue");
    Secret token = settings.secrets().get("apiToken");
    this.apiToken = token == null ? null : token.reveal();
    this.api = URI.create(settings.option("apiUrl", "https://api.pagerduty.com"));
  }

  @Override
  public String name() {
    return settings.name();
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
    if (!(d.record() instanceof IncidentSnapshot rec)) {
      return new Outcome.Delivered();
    }
    String priority = rec.priority() == null ? "" : rec.priority().name();
    String action;
    if (rec.resolved()) {
      action = "resolve";
    } else if (d.event().equals("acknowledged")) {
      action = "acknowledge";
    } else if (TRIGGERS.contains(d.event())) {
      action = "trigger";
    } else {
      return new Outcome.Delivered(); // comments and links have no Events API counterpart
    }
    String dedup = RecordText.tag(d.key());
    ObjectNode body = ToolJson.object();
    body.put("routing_key", settings.secrets().get("routingKey").reveal());
    body.put("event_action", action);
    body.put("dedup_key", dedup);
    if (action.equals("trigger")) {
      ObjectNode p = body.putObject("payload");
      String summary = "[" + priority + "] " + d.key() + " " + rec.title();
      p.put("summary", summary.length() > 1024 ? summary.substring(0, 1024) : summary);
      p.put("source", settings.option("source", rec.service()));
      p.put("severity", severity(priority));
      if (rec.openedAt() != null) {
        p.put("timestamp", rec.openedAt().toString()); // optional; an empty one is invalid
      }
      p.put("component", rec.slo() == null ? rec.service() : rec.slo());
      p.put("group", rec.service());
      p.put("class", rec.source());
      ObjectNode details = p.putObject("custom_details");
      details.put("incident", d.key());
      details.put("priority", priority);
      details.put("event", d.event());
      details.put("message", d.message());
      details.set("impactedServices", ToolJson.strings(rec.impactedServices()));
      details.set("activeAlerts", OutboxJson.MAPPER.valueToTree(rec.activeAlerts()));
      body.put("client", "Burnrate");
    }
    Http.Result r = http.send(Http.json(http.request(enqueue), "POST", body), d.now());
    if (!r.ok()) {
      return r.failure();
    }
    if (d.refs().find(d.key()).isEmpty() && action.equals("trigger")) {
      String key = ToolJson.read(r.body()).path("dedup_key").asText(dedup);
      d.refs().store(d.key(), new ExternalRef(key, key, null));
    }
    if (apiToken != null && d.event().equals("escalated")) {
      return escalate(d, dedup);
    }
    return new Outcome.Delivered();
  }

  /** P1 and P2 page: PagerDuty's high urgency; P3 and lower are low. */
  static String urgency(String priority) {
    return priority.equals("P1") || priority.equals("P2") ? "high" : "low";
  }

  private HttpRequest.Builder rest(String path) {
    HttpRequest.Builder b =
        http.request(Http.under(api, path))
            .setHeader("Accept", "application/vnd.pagerduty+json;version=2")
            .header("Authorization", "Token token=" + apiToken);
    String from = settings.options().get("from");
    return from == null ? b : b.header("From", from);
  }

  /**
   * Makes an escalation visible on the incident itself: a trigger with the same dedup_key only adds
   * to the open alert's log, so with a REST API token the incident's urgency (and, with {@code
   * setPriority}, its priority of the same name, such as P1) is set through {@code PUT
   * /incidents/{id}}. An incident PagerDuty has not made yet takes the trigger as it is.
   */
  private Outcome escalate(Delivery d, String dedup) throws InterruptedException {
    Http.Result found =
        http.send(
            rest("/incidents?incident_key="
                    + URLEncoder.encode(dedup, StandardCharsets.UTF_8)
                    + "&statuses%5B%5D=triggered&statuses%5B%5D=acknowledged")
                .GET()
                .build(),
            d.now());
    if (!found.ok()) {
      return found.failure();
    }
    JsonNode incidents = ToolJson.read(found.body()).path("incidents");
    if (incidents.isEmpty()) {
      return new Outcome.Delivered();
    }
    String priority =
        d.record() instanceof IncidentSnapshot i && i.priority() != null ? i.priority().name() : "";
    ObjectNode inc = ToolJson.object();
    inc.put("type", "incident_reference");
    inc.put("urgency", urgency(priority));
    if (settings.option("setPriority", "false").equals("true")) {
      Http.Result ps = http.send(rest("/priorities").GET().build(), d.now());
      if (!ps.ok()) {
        return ps.failure();
      }
      for (JsonNode p : ToolJson.read(ps.body()).path("priorities")) {
        if (p.path("name").asText().equalsIgnoreCase(priority)) {
          ObjectNode ref = inc.putObject("priority");
          ref.put("id", p.path("id").asText());
          ref.put("type", "priority_reference");
        }
      }
    }
    ObjectNode body = ToolJson.object();
    body.set("incident", inc);
    for (JsonNode i : incidents) {
      String id = URLEncoder.encode(i.path("id").asText(), StandardCharsets.UTF_8);
      Http.Result r = http.send(Http.json(rest("/incidents/" + id), "PUT", body), d.now());
      if (!r.ok()) {
        return r.failure();
      }
    }
    return new Outcome.Delivered();
  }
}
