package dev.burnrate.bridge.internal.change;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.DoraReport;
import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.record.Json;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** DORA's four keys per service, read from the change and incident records. */
public final class DoraService {
  /** The longest window a report may cover. */
  public static final Duration MAX_WINDOW = Duration.ofDays(366);

  private final BridgeContext ctx;

  /** A report over a context. */
  public DoraService(BridgeContext ctx) {
    this.ctx = ctx;
  }

  /** The keys of one service over {@code window}; blocks on the database. */
  public DoraReport service(String service, Duration window) {
    Instant now = ctx.now();
    return ctx.db().tx(c -> compute(c, service, window, now));
  }

  /**
   * The keys of every service of the catalog, and of any other service with a change or an incident
   * inside {@code window}; blocks on the database.
   */
  public List<DoraReport> all(Duration window) {
    Instant now = ctx.now();
    return ctx.db()
        .tx(
            c -> {
              TreeSet<String> services =
                  new TreeSet<>(ChangeSql.activeServices(c, now.minus(window)));
              ctx.catalog().services().forEach(s -> services.add(s.name()));
              List<DoraReport> out = new ArrayList<>();
              for (String s : services) {
                out.add(compute(c, s, window, now));
              }
              return out;
            });
  }

  private DoraReport compute(Connection c, String service, Duration window, Instant now)
      throws SQLException {
    Instant from = now.minus(window);
    return DoraKeys.compute(
        service,
        ChangeSql.deployments(c, service, from, now),
        ChangeSql.restoreTimes(c, service, from, now),
        window,
        ctx.settings().changeCorrelationWindow(),
        now);
  }

  /** A report as the API writes it; durations in seconds. */
  public static ObjectNode view(DoraReport r) {
    ObjectNode o = Json.object();
    o.put("service", r.service());
    o.put("window", format(r.window()));
    o.put("windowSeconds", r.window().toSeconds());
    ObjectNode f = o.putObject("deploymentFrequency");
    f.put("deployments", r.deployments());
    f.put("perDay", r.deploymentsPerDay());
    ObjectNode l = o.putObject("leadTimeForChanges");
    putSeconds(l, "medianSeconds", r.leadTime().orElse(null));
    l.put("samples", r.leadTimeSamples());
    ObjectNode cf = o.putObject("changeFailureRate");
    cf.put("failed", r.failedDeployments());
    cf.put("deployments", r.deployments());
    if (r.changeFailureRate().isPresent()) {
      cf.put("ratio", r.changeFailureRate().getAsDouble());
    } else {
      cf.putNull("ratio");
    }
    ObjectNode t = o.putObject("timeToRestore");
    putSeconds(t, "medianSeconds", r.timeToRestore().orElse(null));
    t.put("incidents", r.restoredIncidents());
    return o;
  }

  /** Every service's report as the API writes it. */
  public static ObjectNode view(List<DoraReport> reports, Duration window) {
    ObjectNode o = Json.object();
    o.put("window", format(window));
    o.put("windowSeconds", window.toSeconds());
    ArrayNode a = o.putArray("items");
    reports.forEach(r -> a.add(view(r)));
    return o;
  }

  /** A window as the files write durations: {@code 30d}, {@code 12h}, {@code 90m} or seconds. */
  static String format(Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  private static void putSeconds(ObjectNode o, String field, Duration d) {
    if (d == null) {
      o.putNull(field);
    } else {
      o.put(field, d.toMillis() / 1000.0);
    }
  }
}
