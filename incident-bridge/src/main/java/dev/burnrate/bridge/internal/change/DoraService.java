package dev.burnrate.bridge.internal.change;

import dev.burnrate.bridge.DoraReport;
import dev.burnrate.bridge.internal.BridgeContext;
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
  public static DoraView view(DoraReport r) {
    return DoraView.of(r);
  }

  /** Every service's report as the API writes it. */
  public static DoraView.All view(List<DoraReport> reports, Duration window) {
    return new DoraView.All(
        format(window), window.toSeconds(), reports.stream().map(DoraView::of).toList());
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
}
