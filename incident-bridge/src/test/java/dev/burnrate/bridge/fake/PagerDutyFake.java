package dev.burnrate.bridge.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}): 202 with status, message and dedup_key; a
 * trigger with the dedup_key of an open alert adds to it, after a resolve it opens a new alert.
 */
public final class PagerDutyFake extends FakeItsm {
  private final String routingKey;

  /** One alert. */
  public static final class Alert {
    public final String dedupKey;
    public String status = "triggered";
    public int triggers;
    public JsonNode lastPayload;

    Alert(String dedupKey) {
      this.dedupKey = dedupKey;
    }
  }

  public final List<Alert> alerts = new ArrayList<>();

  public PagerDutyFake(String routingKey) {
    this.routingKey = routingKey;
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
      if (p.path("summary").asText().isEmpty()
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
        alerts.add(a);
      }
      a.triggers++;
      a.lastPayload = p;
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
