package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.api.budget.AdjustmentStore;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.yaml.Durations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * SLI, error budget and burn rates over time, computed from the stored one-minute buckets ({@code
 * sli_buckets}): each point is the value over the window that ends at it, as the engine would have
 * reported then. The SLO's window is taken as rolling with its nominal length (a calendar month as
 * 30 days), and counts are event counts (occurrences).
 */
final class SloHistory {
  /** The most points one answer may hold. */
  static final int MAX_POINTS = 2_000;

  /** The longest span one answer may cover. */
  static final Duration MAX_RANGE = Duration.ofDays(400);

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final List<Duration> BURN_WINDOWS =
      List.of(
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(6),
          Duration.ofDays(1),
          Duration.ofDays(3));

  private final DataSource dataSource;

  SloHistory(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
  }

  /**
   * The history of one SLO; blocks on JDBC.
   *
   * @param spec the SLO
   * @param from the first point (rounded down to the minute)
   * @param to the last point at most
   * @param step the distance between points, a whole number of minutes
   */
  JsonObject history(SloSpec spec, Instant from, Instant to, Duration step) throws SQLException {
    Duration window = spec.window().nominalLength();
    Duration longest = window;
    for (Duration w : BURN_WINDOWS) {
      if (w.compareTo(longest) > 0) {
        longest = w;
      }
    }
    Instant first = truncate(from);
    Instant readFrom = first.minus(longest);
    Instant readTo = truncate(to).plus(MINUTE);
    int minutes = (int) Duration.between(readFrom, readTo).toMinutes();
    // Prefix sums over minutes: index i holds the sum of buckets before minute i.
    double[] bad = new double[minutes + 1];
    double[] total = new double[minutes + 1];
    boolean badCounts = spec.sli().kind() == Sli.Kind.BAD_OVER_TOTAL;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT b.bucket_start, b.good, b.bad, b.total FROM sli_buckets b"
                    + " WHERE b.slo = ? AND b.bucket_start >= ? AND b.bucket_start < ?"
                    // Budget adjustments leave their minutes out, as the engine does.
                    + " AND NOT "
                    + AdjustmentStore.leftOut("b.slo", "b.bucket_start", "?")
                    + " ORDER BY b.bucket_start")) {
      ps.setString(1, spec.name());
      ps.setTimestamp(2, Timestamp.from(readFrom));
      ps.setTimestamp(3, Timestamp.from(readTo));
      ps.setString(4, spec.service());
      ps.setFetchSize(10_000);
      c.setAutoCommit(false); // a fetch size only streams inside a transaction
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int i = (int) Duration.between(readFrom, rs.getTimestamp(1).toInstant()).toMinutes();
          double t = rs.getDouble(4);
          bad[i + 1] += badCounts ? rs.getDouble(3) : t - rs.getDouble(2);
          total[i + 1] += t;
        }
      }
      c.commit();
    }
    for (int i = 1; i <= minutes; i++) {
      bad[i] += bad[i - 1];
      total[i] += total[i - 1];
    }
    double budget = 1 - spec.objective();
    JsonArray timestamps = new JsonArray();
    JsonArray sli = new JsonArray();
    JsonArray remaining = new JsonArray();
    // The standard windows, then the SLO's own window when it is not one of them.
    Map<String, Duration> windows = new LinkedHashMap<>();
    for (Duration w : BURN_WINDOWS) {
      windows.put(Durations.format(w), w);
    }
    windows.putIfAbsent(spec.window().label(), window);
    Map<String, JsonArray> burn = new LinkedHashMap<>();
    List<String> order = new ArrayList<>(windows.keySet());
    order.sort((a, b) -> Long.compare(SloJson.seconds(a), SloJson.seconds(b)));
    order.forEach(k -> burn.put(k, new JsonArray()));
    int windowMinutes = (int) window.toMinutes();
    for (Instant t = first; !t.isAfter(to); t = t.plus(step)) {
      // The point at t covers the window's buckets up to and including t's own minute.
      int end = (int) Duration.between(readFrom, t).toMinutes() + 1;
      int start = Math.max(0, end - windowMinutes);
      timestamps.add(t.toString());
      double wBad = bad[end] - bad[start];
      double wTotal = total[end] - total[start];
      sli.add(wTotal > 0 ? SloJson.number(1 - wBad / wTotal) : null);
      remaining.add(wTotal > 0 ? SloJson.number(1 - wBad / (budget * wTotal)) : null);
      for (Map.Entry<String, JsonArray> e : burn.entrySet()) {
        e.getValue().add(burnRate(bad, total, end, windows.get(e.getKey()), budget));
      }
    }
    JsonObject burnRates = new JsonObject();
    burn.forEach(burnRates::put);
    return new JsonObject()
        .put("slo", spec.name())
        .put("objective", spec.objective())
        .put("window", spec.window().label())
        .put("from", first.toString())
        .put("to", to.toString())
        .put("step", Durations.format(step))
        .put("timestamps", timestamps)
        .put("sli", sli)
        .put("errorBudgetRemaining", remaining)
        .put("burnRates", burnRates);
  }

  private static Double burnRate(double[] bad, double[] total, int end, Duration w, double budget) {
    int start = Math.max(0, end - (int) w.toMinutes());
    double b = bad[end] - bad[start];
    double t = total[end] - total[start];
    return t > 0 ? SloJson.number((b / t) / budget) : null;
  }

  static Instant truncate(Instant t) {
    return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), 60) * 60);
  }
}
