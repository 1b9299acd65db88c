package dev.burnrate.bridge.internal.alert;

import dev.burnrate.bridge.WebhookRules;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.Priority;
import dev.burnrate.bridge.internal.record.Text;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
  public List<AlertSignal> read(WebhookPayload body, String source) {
    if (body == null) {
      throw BridgeException.invalid("body", "the body must be a JSON object");
    }
    if (source.equals("alertmanager")) {
      String version = text(body.version(), "version", true);
      if (!version.equals("4")) {
        throw BridgeException.invalid(
            "version", "only webhook payload version 4 is supported, got '" + version + "'");
      }
    }
    String status = text(body.status(), "status", true);
    checkStatus("status", status);
    String receiver = text(body.receiver(), "receiver", false);
    String groupKey = key(body.groupKey(), "groupKey", source.equals("alertmanager"));
    labels(body.groupLabels(), "groupLabels", false);
    Map<String, String> common = labels(body.commonLabels(), "commonLabels", false);
    labels(body.commonAnnotations(), "commonAnnotations", false);
    String externalUrl = text(body.externalUrl(), "externalURL", false);
    List<WebhookPayload.Alert> alerts = body.alerts();
    if (alerts == null) {
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
      out.add(signal(alerts.get(i), "alerts[" + i + "]", source, groupKey, receiver, externalUrl));
    }
    return out;
  }

  private AlertSignal signal(
      WebhookPayload.Alert a,
      String f,
      String source,
      String groupKey,
      String receiver,
      String externalUrl) {
    if (a == null) {
      throw BridgeException.invalid(f, f + " must be an object");
    }
    String st = text(a.status(), f + ".status", true);
    checkStatus(f + ".status", st);
    Map<String, String> labels = labels(a.labels(), f + ".labels", true);
    Map<String, String> annotations = labels(a.annotations(), f + ".annotations", false);
    String startsAt = time(a.startsAt(), f + ".startsAt");
    String endsAt = time(a.endsAt(), f + ".endsAt");
    String generator = text(a.generatorUrl(), f + ".generatorURL", false);
    String fingerprint = key(a.fingerprint(), f + ".fingerprint", false);
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
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("alertname", alertname);
    d.put("fingerprint", fingerprint);
    d.put("groupKey", groupKey);
    d.put("status", st);
    d.put("labels", labels);
    d.put("annotations", annotations);
    d.put("startsAt", startsAt);
    d.put("endsAt", endsAt);
    d.put("generatorURL", generator);
    d.put("externalURL", externalUrl);
    d.put("receiver", receiver);
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
    return new AlertSignal(
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
        labels);
  }

  private static void checkStatus(String field, String status) {
    if (!status.equals("firing") && !status.equals("resolved")) {
      throw BridgeException.invalid(
          field, field + " must be firing or resolved, got '" + status + "'");
    }
  }

  /** A text field, checked; the binding already refused what is not a string. */
  private static String text(String value, String path, boolean required) {
    if (value == null) {
      if (required) {
        throw BridgeException.invalid(path, path + " is required");
      }
      return null;
    }
    Text.checkNul(path, value);
    return value;
  }

  /** A text that becomes part of an indexed key: bounded so that the index can hold it. */
  private static String key(String value, String path, boolean required) {
    String t = text(value, path, required);
    checkKeyLength(path, t);
    return t;
  }

  private static void checkKeyLength(String path, String t) {
    if (t != null && t.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw BridgeException.invalid(
          path, path + " is longer than " + MAX_KEY_BYTES + " bytes of UTF-8");
    }
  }

  private static Map<String, String> labels(
      Map<String, String> values, String path, boolean required) {
    Map<String, String> out = new TreeMap<>();
    if (values == null) {
      if (required) {
        throw BridgeException.invalid(path, path + " is required");
      }
      return out;
    }
    boolean isLabels = !path.endsWith("nnotations");
    for (var e : values.entrySet()) {
      String at = path + "." + e.getKey();
      if (e.getValue() == null) {
        throw BridgeException.invalid(at, at + " must be a string");
      }
      Text.checkNul(path, e.getKey());
      Text.checkNul(at, e.getValue());
      if (isLabels) {
        checkKeyLength(path, e.getKey());
        checkKeyLength(at, e.getValue());
      }
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  private static String time(String value, String path) {
    String t = text(value, path, false);
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
