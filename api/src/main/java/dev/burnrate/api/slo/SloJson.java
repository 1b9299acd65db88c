package dev.burnrate.api.slo;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.AlertState;
import dev.burnrate.slo.engine.SloStatus;
import dev.burnrate.yaml.Durations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON shape of an SLO's status: the API contract of {@code GET /api/v1/slos/{name}}. */
final class SloJson {
  /** The burn-rate windows every status reports, shortest first. */
  static final List<String> BURN_RATE_WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");

  private SloJson() {}

  /** The state filter values: what a person wants to know first about an SLO. */
  static String state(SloStatus s) {
    if (!s.evaluable()) {
      return "not_evaluable";
    }
    if (s.noData()) {
      return "no_data";
    }
    boolean firing = s.alerts().stream().anyMatch(a -> a.state() == AlertState.FIRING);
    return firing ? "firing" : "ok";
  }

  /**
   * The few members of a status that a list of many SLOs shows, taken from the full status so both
   * say the same: name, service, objective, window, state, labels, the SLI's ratio, the budget
   * remaining, the 1h burn rate, the firing alerts and the linked incident's key and priority.
   */
  static JsonObject summary(JsonObject status) {
    JsonArray firing = new JsonArray();
    for (Object o : status.getJsonArray("alerts")) {
      JsonObject a = (JsonObject) o;
      if ("firing".equals(a.getString("state"))) {
        firing.add(
            new JsonObject()
                .put("name", a.getString("name"))
                .put("severity", a.getString("severity"))
                .put("state", "firing")
                .put("longWindow", a.getString("longWindow"))
                .put("shortWindow", a.getString("shortWindow")));
      }
    }
    JsonObject incident = status.getJsonObject("incident");
    return new JsonObject()
        .put("name", status.getString("name"))
        .put("service", status.getString("service"))
        .put("objective", status.getValue("objective"))
        .put("window", status.getString("window"))
        .put("state", status.getString("state"))
        .put("labels", status.getJsonObject("labels"))
        .put("sli", new JsonObject().put("ratio", status.getJsonObject("sli").getValue("ratio")))
        .put(
            "errorBudget",
            new JsonObject()
                .put("remaining", status.getJsonObject("errorBudget").getValue("remaining")))
        .put(
            "burnRates",
            new JsonObject().put("1h", status.getJsonObject("burnRates").getValue("1h")))
        .put("alerts", firing)
        .put(
            "incident",
            incident == null
                ? null
                : new JsonObject()
                    .put("key", incident.getString("key"))
                    .put("priority", incident.getString("priority")));
  }

  /** The status of an SLO, with its definition's description and labels. */
  static JsonObject status(SloSpec spec, Optional<SloStatus> evaluated, Object incident) {
    JsonObject o =
        new JsonObject()
            .put("name", spec.name())
            .put("service", spec.service())
            .put("description", spec.description())
            .put("objective", spec.objective())
            .put("window", spec.window().label());
    if (evaluated.isEmpty()) {
      // Loaded but not evaluated yet (the first tick has not run).
      return o.put("state", spec.sli().evaluable() ? "no_data" : "not_evaluable")
          .put("evaluable", spec.sli().evaluable())
          .put("sli", new JsonObject().put("good", 0.0).put("total", 0.0).putNull("ratio"))
          .put("errorBudget", new JsonObject().put("remaining", 1.0).put("consumed", 0.0))
          .put("burnRates", new JsonObject())
          .put("alerts", new JsonArray())
          .putNull("timeToExhaustion")
          .put("noData", true)
          .putNull("evaluatedAt")
          .put("labels", new JsonObject(Map.copyOf(spec.labels())))
          .put("incident", incident);
    }
    SloStatus s = evaluated.get();
    JsonObject burnRates = new JsonObject();
    List<Map.Entry<String, Double>> rates = new ArrayList<>(s.burnRates().entrySet());
    rates.sort(Comparator.comparing(e -> seconds(e.getKey())));
    for (Map.Entry<String, Double> e : rates) {
      burnRates.put(e.getKey(), number(e.getValue()));
    }
    // The labels and annotations the SLO file gave each rule, for routing; absent when none.
    Map<String, AlertRule> rules = new HashMap<>();
    spec.alertRules().ifPresent(rs -> rs.forEach(r -> rules.put(r.name(), r)));
    JsonArray alerts = new JsonArray();
    for (SloStatus.AlertStatus a : s.alerts()) {
      JsonObject alert =
          new JsonObject()
              .put("name", a.name())
              .put("severity", a.severity().id())
              .put("state", a.state() == AlertState.FIRING ? "firing" : "ok")
              .put("pending", a.state() == AlertState.PENDING)
              .put("longWindow", Durations.format(a.longWindow()))
              .put("shortWindow", Durations.format(a.shortWindow()))
              .put("factor", number(a.factor()))
              .put("longBurnRate", number(a.longBurnRate()))
              .put("shortBurnRate", number(a.shortBurnRate()))
              .put("since", a.since().map(Object::toString).orElse(null));
      AlertRule rule = rules.get(a.name());
      if (rule != null && !rule.labels().isEmpty()) {
        alert.put("labels", new JsonObject(Map.copyOf(rule.labels())));
      }
      if (rule != null && !rule.annotations().isEmpty()) {
        alert.put("annotations", new JsonObject(Map.copyOf(rule.annotations())));
      }
      alerts.add(alert);
    }
    SloStatus.ErrorBudget b = s.errorBudget();
    return o.put("state", state(s))
        .put("evaluable", s.evaluable())
        .put(
            "sli",
            new JsonObject()
                .put("good", number(s.sli().good()))
                .put("total", number(s.sli().total()))
                .put("ratio", number(s.sli().ratio())))
        .put(
            "errorBudget",
            new JsonObject()
                .put("remaining", number(b.remaining()))
                .put("consumed", number(b.consumed()))
                .put("totalEvents", number(b.totalEvents()))
                .put("consumedEvents", number(b.consumedEvents()))
                .put("remainingEvents", number(b.remainingEvents())))
        .put("burnRates", burnRates)
        .put("alerts", alerts)
        .put(
            "timeToExhaustion",
            s.timeToExhaustion().map(d -> d.isZero() ? "0s" : Durations.format(d)).orElse(null))
        .put("noData", s.noData())
        .put("evaluatedAt", s.evaluatedAt().toString())
        .put("labels", new JsonObject(Map.copyOf(spec.labels())))
        .put("incident", incident);
  }

  /** JSON has no NaN or infinity: an undefined number is null; others are {@link Rounding}'s. */
  static Double number(double d) {
    return Double.isFinite(d) ? Rounding.round(d) : null;
  }

  /** Seconds of a window label such as 5m or 30d; calendar labels sort by nominal length. */
  static long seconds(String label) {
    if (label.isEmpty()) {
      return Long.MAX_VALUE;
    }
    char unit = label.charAt(label.length() - 1);
    long n;
    try {
      n = Long.parseLong(label.substring(0, label.length() - 1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
    return n
        * switch (unit) {
          case 's' -> 1L;
          case 'm' -> 60L;
          case 'h' -> 3_600L;
          case 'd' -> 86_400L;
          case 'w' -> 7 * 86_400L;
          case 'M' -> 30 * 86_400L;
          case 'Q' -> 90 * 86_400L;
          case 'Y' -> 365 * 86_400L;
          default -> Long.MAX_VALUE / 1_000_000;
        };
  }
}
