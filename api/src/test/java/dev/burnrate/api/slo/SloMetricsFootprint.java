package dev.burnrate.api.slo;

import dev.burnrate.api.observability.Metrics;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.engine.AlertState;
import dev.burnrate.slo.engine.SloStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the per-SLO series cost at {@code n} SLOs (default 10,000), as a plain main (not a test):
 * the heap they retain (used heap after repeated full GCs, before and after the first refresh), the
 * CPU time and allocation of one refresh and of one full {@code /metrics} scrape. The statuses are
 * made up the way the engine makes them (8 burn windows, 4 alerts, 21 series per SLO), fresh
 * records for each refresh around strings the engine would hold anyway.
 *
 * <pre>
 * java -XX:+UseSerialGC -Xmx1g -cp CLASSPATH dev.burnrate.api.slo.SloMetricsFootprint 10000
 * java -Dhold=true ... (then jcmd PID GC.class_histogram; close stdin to end)
 * </pre>
 */
final class SloMetricsFootprint {
  private static final String[] WINDOWS = {"5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"};
  private static final String[] ALERTS = {"page-1h", "page-6h", "ticket-1d", "ticket-3d"};
  private static final Severity[] SEVERITIES = {
    Severity.PAGE, Severity.PAGE, Severity.TICKET, Severity.TICKET
  };
  private static final double[] FACTORS = {14.4, 6, 3, 1};

  private SloMetricsFootprint() {}

  public static void main(String[] args) throws java.io.IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int refreshes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int scrapes = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    // What the engine holds whatever /metrics does: the SLOs' names and services.
    String[] names = new String[n];
    String[] services = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = "slo-" + i;
      services[i] = "svc-" + i / 100;
    }
    try (Metrics metrics = Metrics.create()) {
      SloMetrics slos = new SloMetrics();
      metrics.register(slos);
      // The baseline has every class loaded and every lazy structure built: only the series differ.
      slos.publish(List.of());
      metrics.scrape();
      long before = usedAfterGc();
      slos.publish(statuses(names, services, 0));
      long after = usedAfterGc();
      System.out.printf(
          "SLOs: %d, series per scrape: %d%n", n, series(metrics.scrape(), "burnrate_slo_"));
      System.out.printf(
          "retained by the per-SLO series: %.1f MiB (%d bytes per SLO)%n",
          (after - before) / 1048576.0, (after - before) / n);

      long cpu = 0;
      long allocated = 0;
      for (int r = 1; r <= refreshes; r++) {
        List<SloStatus> next = statuses(names, services, r);
        long c0 = threads.getCurrentThreadCpuTime();
        long a0 = threads.getCurrentThreadAllocatedBytes();
        slos.publish(next);
        if (r > refreshes / 3) {
          cpu += threads.getCurrentThreadCpuTime() - c0;
          allocated += threads.getCurrentThreadAllocatedBytes() - a0;
        }
      }
      int measured = refreshes - refreshes / 3;
      System.out.printf(
          "one refresh (statuses already built): %.2f ms CPU, %.1f MiB allocated (mean of %d)%n",
          cpu / 1e6 / measured, allocated / 1048576.0 / measured, measured);

      cpu = 0;
      allocated = 0;
      int length = 0;
      for (int s = 1; s <= scrapes; s++) {
        long c0 = threads.getCurrentThreadCpuTime();
        long a0 = threads.getCurrentThreadAllocatedBytes();
        length = metrics.scrape().length();
        if (s > scrapes / 3) {
          cpu += threads.getCurrentThreadCpuTime() - c0;
          allocated += threads.getCurrentThreadAllocatedBytes() - a0;
        }
      }
      measured = scrapes - scrapes / 3;
      System.out.printf(
          "one scrape of the whole registry (%.1f MiB of text): %.1f ms CPU, %.1f MiB allocated"
              + " (mean of %d)%n",
          length / 1048576.0, cpu / 1e6 / measured, allocated / 1048576.0 / measured, measured);
      System.out.printf(
          "retained after the runs: %.1f MiB%n", (usedAfterGc() - before) / 1048576.0);
      if (Boolean.getBoolean("hold")) {
        // For a class histogram of the live series: jcmd PID GC.class_histogram
        System.out.printf("holding, pid %d; close stdin to end%n", ProcessHandle.current().pid());
        System.out.flush();
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
      }
    }
  }

  /** The statuses of refresh {@code r}: every value moves a little, with the sums' noise. */
  static List<SloStatus> statuses(String[] names, String[] services, int r) {
    Instant at = Instant.parse("2026-05-04T12:00:00Z").plusSeconds(10L * r);
    List<SloStatus> out = new ArrayList<>(names.length);
    for (int i = 0; i < names.length; i++) {
      double total = 1_000_000 + 1000 * r + i;
      double good = total - 500 - (i % 7) * 100 - r;
      double ratio = good / total;
      double remaining = 1 - (total - good) / (0.001 * total);
      Map<String, Double> burn = new HashMap<>();
      for (int w = 0; w < WINDOWS.length; w++) {
        // The first SLOs have no data in their short windows: undefined, so not exported.
        burn.put(WINDOWS[w], i % 50 == 0 && w < 2 ? Double.NaN : (i % 13 + w + 0.1 * r) / 3.0);
      }
      List<SloStatus.AlertStatus> alerts = new ArrayList<>(ALERTS.length);
      for (int a = 0; a < ALERTS.length; a++) {
        alerts.add(
            new SloStatus.AlertStatus(
                ALERTS[a],
                SEVERITIES[a],
                (i + r) % 97 == a ? AlertState.FIRING : AlertState.OK,
                Duration.ofHours(1),
                Duration.ofMinutes(5),
                FACTORS[a],
                0,
                0,
                Optional.empty()));
      }
      out.add(
          new SloStatus(
              names[i],
              services[i],
              0.999,
              "30d",
              true,
              new SloStatus.SliValue(good, total, ratio),
              new SloStatus.ErrorBudget(remaining, 1 - remaining, 0, 0, 0),
              burn,
              alerts,
              Optional.empty(),
              false,
              at));
    }
    return out;
  }

  private static long series(String scrape, String prefix) {
    return scrape.lines().filter(l -> l.startsWith(prefix)).count();
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
