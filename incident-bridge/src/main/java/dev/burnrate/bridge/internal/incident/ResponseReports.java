package dev.burnrate.bridge.internal.incident;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.incident.ResponseSql.By;
import dev.burnrate.bridge.internal.incident.ResponseSql.Group;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.Json;
import java.time.Duration;
import java.time.Instant;
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

  /** The report of incidents opened in {@code [from, to)}. */
  public ObjectNode report(By by, Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw BridgeException.invalid("from", "from must be before to");
    }
    List<Group> groups = ctx.db().tx(c -> ResponseSql.report(c, by, from, to));
    ObjectNode o = Json.object();
    o.put("by", by.wire());
    Json.put(o, "from", from);
    Json.put(o, "to", to);
    ArrayNode items = o.putArray("groups");
    for (Group g : groups) {
      ObjectNode i = items.addObject();
      i.put(by.wire(), g.name());
      i.put("incidents", g.incidents());
      i.put("acknowledged", g.acknowledged());
      i.put("resolved", g.resolved());
      seconds(i, "mttaSeconds", g.mtta());
      seconds(i, "mttrSeconds", g.mttr());
      i.put("acknowledgeBreaches", g.acknowledgeBreaches());
      i.put("resolveBreaches", g.resolveBreaches());
      i.put("insideTargets", g.insideTargets());
      i.put(
          "insideTargetsRatio",
          g.incidents() == 0 ? 1.0 : (double) g.insideTargets() / g.incidents());
    }
    return o;
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

  private static void seconds(ObjectNode o, String field, Duration d) {
    if (d == null) {
      o.putNull(field);
    } else {
      o.put(field, d.toMillis() / 1000.0);
    }
  }
}
