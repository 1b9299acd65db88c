package dev.burnrate.bridge.internal.incident;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.incident.ResponseSql.By;
import dev.burnrate.bridge.internal.incident.ResponseSql.Group;
import dev.burnrate.bridge.internal.record.BridgeException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MTTA, MTTR and the share of incidents inside their targets, per service, team or priority. */
public final class ResponseReports {
  private final BridgeContext ctx;

  /** Reports over a context. */
  public ResponseReports(BridgeContext ctx) {
    this.ctx = ctx;
  }

  /** What a report groups by, from its wire name; a 400 naming {@code field} otherwise. */
  public static By by(String field, String wire) {
    for (By b : By.values()) {
      if (b.wire().equals(wire)) {
        return b;
      }
    }
    throw BridgeException.invalid(field, "expected service, team or priority, got '" + wire + "'");
  }

  /**
   * A response report.
   *
   * @param by what it groups by
   * @param from the earliest opening counted
   * @param to the end of the window, exclusive
   * @param groups one object per group, named by the dimension's own field ({@code service}, {@code
   *     team} or {@code priority}) first
   */
  public record Report(String by, Instant from, Instant to, List<Map<String, Object>> groups) {}

  /** The report of incidents opened in {@code [from, to)}. */
  public Report report(By by, Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw BridgeException.invalid("from", "from must be before to");
    }
    List<Group> groups = ctx.db().tx(c -> ResponseSql.report(c, by, from, to));
    return new Report(by.wire(), from, to, groups.stream().map(g -> group(by, g)).toList());
  }

  private static Map<String, Object> group(By by, Group g) {
    Map<String, Object> i = new LinkedHashMap<>();
    i.put(by.wire(), g.name());
    i.put("incidents", g.incidents());
    i.put("acknowledged", g.acknowledged());
    i.put("resolved", g.resolved());
    i.put("mttaSeconds", seconds(g.mtta()));
    i.put("mttrSeconds", seconds(g.mttr()));
    i.put("acknowledgeBreaches", g.acknowledgeBreaches());
    i.put("resolveBreaches", g.resolveBreaches());
    i.put("insideTargets", g.insideTargets());
    i.put(
        "insideTargetsRatio",
        g.incidents() == 0 ? 1.0 : (double) g.insideTargets() / g.incidents());
    return i;
  }

  /** The groups of every dimension over the report window up to now, for the gauges. */
  public Map<By, List<Group>> recent() {
    Instant now = ctx.now();
    Duration window = ctx.settings().response().reportWindow();
    return ctx.db()
        .tx(
            c -> {
              Map<By, List<Group>> out = new java.util.EnumMap<>(By.class);
              for (By b : By.values()) {
                out.put(b, ResponseSql.report(c, b, now.minus(window), now.plusMillis(1)));
              }
              return out;
            });
  }

  /** Every breach recorded, by target. */
  public Map<String, Long> breaches() {
    return ctx.db().tx(ResponseSql::breachCounts);
  }

  private static Double seconds(Duration d) {
    return d == null ? null : d.toMillis() / 1000.0;
  }
}
