package dev.burnrate.bridge.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}): 202 with status, message and dedup_key; a
 * trigger with the dedup_key of an open alert only appends to its log, after a resolve it opens a
 * new alert. Each new alert opens an incident whose urgency follows the alert's severity (the
 * service's "based on alert severity" rule) and does not change on later triggers.
 *
 * <p>The REST API v2 as the bridge uses it: {@code GET /incidents?incident_key=}, {@code PUT
 * /incidents/{id}} and {@code GET /priorities}, with {@code Authorization: Token token=...}, the
 * versioned {@code Accept} header, and a {@code From} header that an account token needs.
 */
public final class PagerDutyFake extends FakeItsm {
  private final String routingKey;
  private final String prefix;
  private final String apiToken;

  /** The account's priorities, by name; empty when priorities are off. */
  public final Map<String, String> priorities = new java.util.LinkedHashMap<>();

  /** One alert. */
  public static final class Alert {
    public final String dedupKey;
    public String status = "triggered";
    public int triggers;
    public JsonNode lastPayload;

    /** The incident the alert opened: its id, urgency and priority name (or null). */
    public String incidentId;

    public String urgency;
    public String priority;

    /** The alert log: one line per event. */
    public final List<String> log = new ArrayList<>();

    Alert(String dedupKey) {
      this.dedupKey = dedupKey;
    }
  }

  public final List<Alert> alerts = new ArrayList<>();

  public PagerDutyFake(String routingKey) {
    this(routingKey, "", null);
  }

  /** A fake behind a path prefix, with a REST API token (or null for none). */
  public PagerDutyFake(String routingKey, String prefix, String apiToken) {
    this.routingKey = routingKey;
    this.prefix = prefix;
    this.apiToken = apiToken;
  }

  private static Answer restError(int status, String message, String... errors) {
    return Answer.of(
        status,
        Map.of("error", Map.of("message", message, "code", 2001, "errors", List.of(errors))));
  }

  private Answer rest(
      String method, String path, Map<String, String> query, JsonNode body, HttpExchange ex) {
    if (apiToken == null
        || !("Token token=" + apiToken).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      return Answer.of(401, Map.of("error", Map.of("message", "Unauthorized", "code", 2006)));
    }
    if (!"application/vnd.pagerduty+json;version=2"
        .equals(ex.getRequestHeaders().getFirst("Accept"))) {
      return restError(406, "Not Acceptable");
    }
    if (method.equals("GET") && path.equals("/priorities")) {
      List<Map<String, Object>> ps = new ArrayList<>();
      priorities.forEach((name, id) -> ps.add(Map.of("id", id, "name", name, "type", "priority")));
      return Answer.of(200, Map.of("priorities", ps, "more", false));
    }
    if (method.equals("GET") && path.equals("/incidents")) {
      List<Map<String, Object>> found = new ArrayList<>();
      for (Alert a : alerts) {
        if (a.dedupKey.equals(query.get("incident_key")) && !a.status.equals("resolved")) {
          found.add(
              Map.of(
                  "id",
                  a.incidentId,
                  "type",
                  "incident",
                  "status",
                  a.status,
                  "urgency",
                  a.urgency));
        }
      }
      return Answer.of(200, Map.of("incidents", found, "limit", 25, "offset", 0, "more", false));
    }
    if (method.equals("PUT") && path.startsWith("/incidents/")) {
      if (ex.getRequestHeaders().getFirst("From") == null) {
        return restError(
            400, "Invalid Input Provided", "A From header is required with an account token.");
      }
      String id = path.substring("/incidents/".length());
      for (Alert a : alerts) {
        if (id.equals(a.incidentId)) {
          JsonNode inc = body.path("incident");
          if (!inc.path("type").asText().equals("incident_reference")) {
            return restError(400, "Invalid Input Provided", "Type is not valid.");
          }
          if (inc.has("urgency")) {
            if (!Set.of("high", "low").contains(inc.path("urgency").asText())) {
              return restError(400, "Invalid Input Provided", "Urgency is not valid.");
            }
            a.urgency = inc.path("urgency").asText();
          }
          if (inc.has("priority")) {
            String pid = inc.path("priority").path("id").asText();
            a.priority =
                priorities.entrySet().stream()
                    .filter(e -> e.getValue().equals(pid))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(null);
            if (a.priority == null) {
              return restError(400, "Invalid Input Provided", "Priority is not valid.");
            }
          }
          return Answer.of(200, Map.of("incident", Map.of("id", id, "urgency", a.urgency)));
        }
      }
      return restError(404, "Not Found");
    }
    return restError(404, "Not Found");
  }

  private Alert open(String dedup) {
    for (Alert a : alerts) {
      if (a.dedupKey.equals(dedup) && !a.status.equals("resolved")) {
        return a;
      }
    }
    return null;
  }

  @Override
  protected Answer handle(
      String method, String path, Map<String, String> query, JsonNode body, HttpExchange ex) {
    if (!path.startsWith(prefix)) {
      return Answer.of(404, Map.of("status", "invalid event", "message", "no such endpoint"));
    }
    path = path.substring(prefix.length());
    if (!path.startsWith("/v2/")) {
      return rest(method, path, query, body, ex);
    }
    if (!method.equals("POST") || !path.equals("/v2/enqueue")) {
      return Answer.of(404, Map.of("status", "invalid event", "message", "no such endpoint"));
    }
    if (body == null || !routingKey.equals(body.path("routing_key").asText())) {
      return Answer.of(
          400,
          Map.of(
              "status",
              "invalid event",
              "message",
              "Event object is invalid",
              "errors",
              List.of("'routing_key' is invalid")));
    }
    String action = body.path("event_action").asText();
    if (!Set.of("trigger", "acknowledge", "resolve").contains(action)) {
      return Answer.of(
          400,
          Map.of(
              "status",
              "invalid event",
              "message",
              "Event object is invalid",
              "errors",
              List.of("'event_action' is invalid")));
    }
    String dedup = body.path("dedup_key").asText(null);
    if (action.equals("trigger")) {
      JsonNode p = body.path("payload");
      boolean badTimestamp = false;
      if (p.has("timestamp")) {
        try {
          java.time.OffsetDateTime.parse(p.path("timestamp").asText());
        } catch (java.time.format.DateTimeParseException e) {
          badTimestamp = true;
        }
      }
      if (p.path("summary").asText().isEmpty()
          || badTimestamp
          || p.path("source").asText().isEmpty()
          || !Set.of("critical", "error", "warning", "info")
              .contains(p.path("severity").asText())) {
        return Answer.of(
            400,
            Map.of(
                "status",
                "invalid event",
                "message",
                "Event object is invalid",
                "errors",
                List.of("'payload' is invalid")));
      }
      if (dedup == null) {
        dedup = java.util.UUID.randomUUID().toString();
      }
      Alert a = open(dedup);
      if (a == null) {
        a = new Alert(dedup);
        a.incidentId = "Q" + (1000 + alerts.size());
        a.urgency =
            Set.of("critical", "error").contains(p.path("severity").asText()) ? "high" : "low";
        alerts.add(a);
      }
      a.triggers++;
      a.lastPayload = p;
      a.log.add("trigger: " + p.path("summary").asText());
    } else {
      if (dedup == null) {
        return Answer.of(
            400,
            Map.of(
                "status",
                "invalid event",
                "message",
                "Event object is invalid",
                "errors",
                List.of("'dedup_key' is required")));
      }
      Alert a = open(dedup);
      if (a != null) {
        a.status = action.equals("resolve") ? "resolved" : "acknowledged";
      }
    }
    return Answer.of(
        202, Map.of("status", "success", "message", "Event processed", "dedup_key", dedup));
  }

  @Override
  public synchronized int recordCount() {
    return alerts.size();
  }

  @Override
  public synchronized int recordsFor(String key) {
    return (int) alerts.stream().filter(a -> a.dedupKey.equals("burnrate-" + key)).count();
  }

  @Override
  public synchronized String state(String key) {
    String s = null;
    for (Alert a : alerts) {
      if (a.dedupKey.equals("burnrate-" + key)) {
        s =
            switch (a.status) {
              case "triggered" -> "open";
              default -> a.status;
            };
      }
    }
    return s;
  }
}
