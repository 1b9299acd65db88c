package dev.burnrate.bridge.internal.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.BridgeSettings.WebhookRules;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.Priority;
import dev.burnrate.bridge.internal.record.RecordViews;
import dev.burnrate.bridge.internal.record.Text;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads Alertmanager (webhook payload version 4) and Grafana alerting (webhook contact point)
 * notifications into alert signals, validating every field it uses.
 */
public final class AlertWebhooks {
  /** The most UTF-8 bytes of a label, a fingerprint or a group key: they end up in indexes. */
  static final int MAX_KEY_BYTES = 2048;

  private final WebhookRules rules;

  /** A reader with the configured limits and label mapping. */
  public AlertWebhooks(WebhookRules rules) {
    this.rules = rules;
  }

  /** The severity and priority that a {@code severity} label maps to. */
  record Level(String severity, int priority) {}

  static Level level(Map<String, String> labels) {
    String sev = labels.getOrDefault("severity", "").toLowerCase(Locale.ROOT);
    Level l =
        switch (sev) {
          case "critical" -> new Level("page", 1);
          case "page", "error", "high" -> new Level("page", 2);
          case "info", "low", "none" -> new Level("ticket", 4);
          default -> new Level("ticket", 3); // warning, ticket, or none given
        };
    return Priority.parseIgnoringCase(labels.get("priority"))
        .map(pr -> new Level(pr.number() <= 2 ? "page" : "ticket", pr.number()))
        .orElse(l);
  }

  /**
   * Validates a payload and turns each alert into a signal; nothing is applied when any field is
   * wrong.
   *
   * @param source alertmanager or grafana
   */
  public List<AlertSignal> read(JsonNode body, String source) {
    if (body == null || !body.isObject()) {
      throw BridgeException.invalid("body", "the body must be a JSON object");
    }
    if (source.equals("alertmanager")) {
      String version = text(body, "version", true);
      if (!version.equals("4")) {
        throw BridgeException.invalid(
            "version", "only webhook payload version 4 is supported, got '" + version + "'");
      }
    }
    String status = text(body, "status", true);
    checkStatus("status", status);
    String receiver = text(body, "receiver", false);
    String groupKey = key(body, "groupKey", source.equals("alertmanager"), "groupKey");
    labels(body, "groupLabels", false);
    Map<String, String> common = labels(body, "commonLabels", false);
    labels(body, "commonAnnotations", false);
    String externalUrl = text(body, "externalURL", false);
    JsonNode alerts = body.get("alerts");
    if (alerts == null || !alerts.isArray()) {
      throw BridgeException.invalid("alerts", "alerts must be an array");
    }
    if (alerts.size() > rules.maxAlerts()) {
      throw BridgeException.tooLarge(
          "maxAlerts",
          rules.maxAlerts(),
          "the payload carries " + alerts.size() + " alerts; the limit is " + rules.maxAlerts());
    }
    if (groupKey == null || groupKey.isEmpty()) {
      groupKey = (receiver == null ? "" : receiver) + ":" + new TreeMap<>(common);
      // Without a group key the receiver and common labels become the key.
      checkKeyLength("commonLabels", groupKey);
    }
    List<AlertSignal> out = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      String f = "alerts[" + i + "]";
      JsonNode a = alerts.get(i);
      if (!a.isObject()) {
        throw BridgeException.invalid(f, f + " must be an object");
      }
      String st = text(a, "status", true, f + ".status");
      checkStatus(f + ".status", st);
      Map<String, String> labels = labels(a, "labels", true, f + ".labels");
      Map<String, String> annotations = labels(a, "annotations", false, f + ".annotations");
      String startsAt = time(a, "startsAt", f);
      String endsAt = time(a, "endsAt", f);
      String generator = text(a, "generatorURL", false, f + ".generatorURL");
      String fingerprint = key(a, "fingerprint", false, f + ".fingerprint");
      if (fingerprint == null || fingerprint.isEmpty()) {
        fingerprint = fingerprint(labels);
      }
      String alertname = labels.getOrDefault("alertname", "alert");
      String service = "unknown";
      for (String l : rules.serviceLabels()) {
        if (labels.containsKey(l) && !labels.get(l).isBlank()) {
          service = labels.get(l);
          break;
        }
      }
      Level level = level(labels);
      String slo = labels.get("slo");
      if (slo != null && slo.isBlank()) {
        throw BridgeException.invalid(f + ".labels.slo", "the slo label must name an SLO");
      }
      String dedup = slo != null ? AlertSignal.sloKey(slo) : source + ":" + groupKey;
      ObjectNode d = Json.object();
      d.put("alertname", alertname);
      d.put("fingerprint", fingerprint);
      d.put("groupKey", groupKey);
      d.put("status", st);
      d.set("labels", Json.stringMap(labels));
      d.set("annotations", Json.stringMap(annotations));
      d.put("startsAt", startsAt);
      d.put("endsAt", endsAt);
      RecordViews.putNullable(d, "generatorURL", generator);
      RecordViews.putNullable(d, "externalURL", externalUrl);
      RecordViews.putNullable(d, "receiver", receiver);
      String summaryText =
          annotations.getOrDefault("summary", annotations.getOrDefault("description", ""));
      String title =
          annotations.containsKey("summary")
              ? annotations.get("summary")
              : alertname + " on " + service;
      String summary =
          source
              + " alert "
              + alertname
              + " ("
              + labels.getOrDefault("severity", "no severity")
              + ") "
              + st
              + (summaryText.isEmpty() ? "" : ": " + summaryText);
      out.add(
          new AlertSignal(
              source,
              dedup,
              source + ":" + fingerprint,
              st.equals("firing"),
              service,
              slo,
              level.severity(),
              level.priority(),
              title,
              summary,
              d,
              labels));
    }
    return out;
  }

  private static void checkStatus(String field, String status) {
    if (!status.equals("firing") && !status.equals("resolved")) {
      throw BridgeException.invalid(
          field, field + " must be firing or resolved, got '" + status + "'");
    }
  }

  private static String text(JsonNode o, String field, boolean required) {
    return text(o, field, required, field);
  }

  private static String text(JsonNode o, String field, boolean required, String path) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw BridgeException.invalid(path, path + " is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw BridgeException.invalid(path, path + " must be a string");
    }
    Text.checkNul(path, n.asText());
    return n.asText();
  }

  /** A text that becomes part of an indexed key: bounded so that the index can hold it. */
  private static String key(JsonNode o, String field, boolean required, String path) {
    String t = text(o, field, required, path);
    checkKeyLength(path, t);
    return t;
  }

  private static void checkKeyLength(String path, String t) {
    if (t != null && t.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw BridgeException.invalid(
          path, path + " is longer than " + MAX_KEY_BYTES + " bytes of UTF-8");
    }
  }

  private static Map<String, String> labels(JsonNode o, String field, boolean required) {
    return labels(o, field, required, field);
  }

  private static Map<String, String> labels(
      JsonNode o, String field, boolean required, String path) {
    JsonNode n = o.get(field);
    Map<String, String> out = new TreeMap<>();
    if (n == null || n.isNull()) {
      if (required) {
        throw BridgeException.invalid(path, path + " is required");
      }
      return out;
    }
    if (!n.isObject()) {
      throw BridgeException.invalid(path, path + " must be an object of strings");
    }
    boolean isLabels = !path.endsWith("nnotations");
    for (var e : n.properties()) {
      String at = path + "." + e.getKey();
      if (!e.getValue().isTextual()) {
        throw BridgeException.invalid(at, at + " must be a string");
      }
      Text.checkNul(path, e.getKey());
      Text.checkNul(at, e.getValue().asText());
      if (isLabels) {
        checkKeyLength(path, e.getKey());
        checkKeyLength(at, e.getValue().asText());
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static String time(JsonNode a, String field, String prefix) {
    String path = prefix + "." + field;
    String t = text(a, field, false, path);
    if (t == null) {
      return null;
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw BridgeException.invalid(path, path + " must be an RFC 3339 time, got '" + t + "'");
    }
    // Alertmanager's "no end" is 0001-01-01, inside the years accepted.
    Text.checkRange(path, at);
    return t;
  }

  static String fingerprint(Map<String, String> labels) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] h = md.digest(new TreeMap<>(labels).toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
