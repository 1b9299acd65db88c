package dev.burnrate.api.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.observability.Metrics;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.engine.AlertState;
import dev.burnrate.slo.engine.SloStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The per-SLO series on {@code /metrics}, as Prometheus reads them, for given engine statuses. */
class SloMetricsTest {
  private static final Instant AT = Instant.parse("2026-05-04T12:00:00Z");

  @Test
  void scrape_showsEverySloSeries_roundedAndNamedAsPrometheusReadsThem_leavingUndefinedValuesOut() {
    try (Metrics metrics = Metrics.create()) {
      SloMetrics slos = new SloMetrics();
      metrics.register(slos);

      slos.publish(List.of(checkout(0.1 + 0.2), searchWithoutEvents(), notEvaluable()));

      assertThat(sloLines(metrics.scrape()))
          .isEqualTo(
              """
              # HELP burnrate_slo_alert_factor The burn-rate threshold of the alert (both its windows must reach it)
              # TYPE burnrate_slo_alert_factor gauge
              burnrate_slo_alert_factor{alert="page-1h",service="checkout",severity="page",slo="checkout-availability"} 14.4
              burnrate_slo_alert_factor{alert="page-1h",service="search",severity="page",slo="search-latency"} 14.4
              burnrate_slo_alert_factor{alert="ticket-1d",service="checkout",severity="ticket",slo="checkout-availability"} 3.0
              # HELP burnrate_slo_alert_firing 1 while the burn-rate alert fires, else 0
              # TYPE burnrate_slo_alert_firing gauge
              burnrate_slo_alert_firing{alert="page-1h",service="checkout",severity="page",slo="checkout-availability"} 1.0
              burnrate_slo_alert_firing{alert="page-1h",service="search",severity="page",slo="search-latency"} 0.0
              burnrate_slo_alert_firing{alert="ticket-1d",service="checkout",severity="ticket",slo="checkout-availability"} 0.0
              # HELP burnrate_slo_burn_rate Error ratio over the window divided by the error budget (1 - objective)
              # TYPE burnrate_slo_burn_rate gauge
              burnrate_slo_burn_rate{service="checkout",slo="checkout-availability",window="1h"} 0.3
              burnrate_slo_burn_rate{service="checkout",slo="checkout-availability",window="30d"} 10.0
              burnrate_slo_burn_rate{service="checkout",slo="checkout-availability",window="5m"} 20.0
              # HELP burnrate_slo_error_budget_remaining Fraction of the error budget left in the window (negative when overspent)
              # TYPE burnrate_slo_error_budget_remaining gauge
              burnrate_slo_error_budget_remaining{service="checkout",slo="checkout-availability"} -49.0
              burnrate_slo_error_budget_remaining{service="inventory",slo="inventory-sync"} 1.0
              burnrate_slo_error_budget_remaining{service="search",slo="search-latency"} 1.0
              # HELP burnrate_slo_events Events in the SLO's window, by kind (good or total)
              # TYPE burnrate_slo_events gauge
              burnrate_slo_events{kind="good",service="checkout",slo="checkout-availability"} 950000.0
              burnrate_slo_events{kind="good",service="inventory",slo="inventory-sync"} 0.0
              burnrate_slo_events{kind="good",service="search",slo="search-latency"} 0.0
              burnrate_slo_events{kind="total",service="checkout",slo="checkout-availability"} 1000000.0
              burnrate_slo_events{kind="total",service="inventory",slo="inventory-sync"} 0.0
              burnrate_slo_events{kind="total",service="search",slo="search-latency"} 0.0
              # HELP burnrate_slo_objective The SLO's target ratio
              # TYPE burnrate_slo_objective gauge
              burnrate_slo_objective{service="checkout",slo="checkout-availability"} 0.999
              burnrate_slo_objective{service="inventory",slo="inventory-sync"} 0.99
              burnrate_slo_objective{service="search",slo="search-latency"} 0.95
              # HELP burnrate_slo_sli_ratio Good events over all events in the SLO's window
              # TYPE burnrate_slo_sli_ratio gauge
              burnrate_slo_sli_ratio{service="checkout",slo="checkout-availability"} 0.95
              """);
    }
  }

  @Test
  void aRemovedSlo_aChangedService_andAValueThatBecameUndefined_leaveTheScrape() {
    try (Metrics metrics = Metrics.create()) {
      SloMetrics slos = new SloMetrics();
      metrics.register(slos);
      slos.publish(List.of(checkout(0.3), searchWithoutEvents(), notEvaluable()));

      SloStatus moved = rename(notEvaluable(), "warehouse");
      slos.publish(List.of(withoutOneHourBurn(checkout(0.3)), moved));

      assertThat(sloLines(metrics.scrape()))
          .isEqualTo(
              """
              # HELP burnrate_slo_alert_factor The burn-rate threshold of the alert (both its windows must reach it)
              # TYPE burnrate_slo_alert_factor gauge
              burnrate_slo_alert_factor{alert="page-1h",service="checkout",severity="page",slo="checkout-availability"} 14.4
              burnrate_slo_alert_factor{alert="ticket-1d",service="checkout",severity="ticket",slo="checkout-availability"} 3.0
              # HELP burnrate_slo_alert_firing 1 while the burn-rate alert fires, else 0
              # TYPE burnrate_slo_alert_firing gauge
              burnrate_slo_alert_firing{alert="page-1h",service="checkout",severity="page",slo="checkout-availability"} 1.0
              burnrate_slo_alert_firing{alert="ticket-1d",service="checkout",severity="ticket",slo="checkout-availability"} 0.0
              # HELP burnrate_slo_burn_rate Error ratio over the window divided by the error budget (1 - objective)
              # TYPE burnrate_slo_burn_rate gauge
              burnrate_slo_burn_rate{service="checkout",slo="checkout-availability",window="30d"} 10.0
              burnrate_slo_burn_rate{service="checkout",slo="checkout-availability",window="5m"} 20.0
              # HELP burnrate_slo_error_budget_remaining Fraction of the error budget left in the window (negative when overspent)
              # TYPE burnrate_slo_error_budget_remaining gauge
              burnrate_slo_error_budget_remaining{service="checkout",slo="checkout-availability"} -49.0
              burnrate_slo_error_budget_remaining{service="warehouse",slo="inventory-sync"} 1.0
              # HELP burnrate_slo_events Events in the SLO's window, by kind (good or total)
              # TYPE burnrate_slo_events gauge
              burnrate_slo_events{kind="good",service="checkout",slo="checkout-availability"} 950000.0
              burnrate_slo_events{kind="good",service="warehouse",slo="inventory-sync"} 0.0
              burnrate_slo_events{kind="total",service="checkout",slo="checkout-availability"} 1000000.0
              burnrate_slo_events{kind="total",service="warehouse",slo="inventory-sync"} 0.0
              # HELP burnrate_slo_objective The SLO's target ratio
              # TYPE burnrate_slo_objective gauge
              burnrate_slo_objective{service="checkout",slo="checkout-availability"} 0.999
              burnrate_slo_objective{service="warehouse",slo="inventory-sync"} 0.99
              # HELP burnrate_slo_sli_ratio Good events over all events in the SLO's window
              # TYPE burnrate_slo_sli_ratio gauge
              burnrate_slo_sli_ratio{service="checkout",slo="checkout-availability"} 0.95
              """);

      slos.publish(List.of());

      assertThat(sloLines(metrics.scrape())).isEmpty();
    }
  }

  @Test
  void scrapesDuringRefreshes_neverFail_andEachSeesOneRefreshWhole() throws InterruptedException {
    try (Metrics metrics = Metrics.create()) {
      SloMetrics slos = new SloMetrics();
      metrics.register(slos);
      AtomicBoolean done = new AtomicBoolean();
      AtomicInteger scraped = new AtomicInteger();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      // Refresh r: 40 SLOs when r is even, 50 when odd (so SLOs come and go), r good events each
      // and a burn rate of r.
      slos.publish(counted(40, 0));
      Thread refresher =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int r = 1; !done.get() && (r < 5_000 || scraped.get() < 200); r++) {
                        slos.publish(counted(r % 2 == 0 ? 40 : 50, r));
                      }
                    } catch (Throwable t) {
                      failed.set(t);
                    } finally {
                      done.set(true);
                    }
                  });
      Pattern good = Pattern.compile("burnrate_slo_events\\{kind=\"good\",[^}]*} (\\d+)\\.0\n");
      Pattern burn = Pattern.compile("burnrate_slo_burn_rate\\{[^}]*} (\\d+)\\.0\n");
      Set<Integer> sizes = new HashSet<>();
      try {
        while (!done.get()) {
          String text = metrics.scrape();
          scraped.incrementAndGet();
          List<Long> goods = numbers(good, text);
          assertThat(goods).as("good events in one scrape").isNotEmpty();
          long r = goods.getFirst();
          int size = r % 2 == 0 ? 40 : 50;
          assertThat(goods).as("good events in one scrape").hasSize(size).containsOnly(r);
          assertThat(numbers(burn, text))
              .as("burn rates in one scrape")
              .hasSize(size)
              .containsOnly(r);
          assertThat(text)
              .contains(
                  "burnrate_slo_events{kind=\"total\",service=\"shop\",slo=\"s0\"} "
                      + (r + 1)
                      + ".0\n");
          sizes.add(size);
        }
      } finally {
        done.set(true);
        refresher.join();
      }
      assertThat(failed.get()).isNull();
      assertThat(sizes).as("the SLO sets scrapes saw").containsExactlyInAnyOrder(40, 50);
    }
  }

  @Test
  void anSloOrAnAlertListedTwice_isOneSeries_theLastCounting() {
    try (Metrics metrics = Metrics.create()) {
      SloMetrics slos = new SloMetrics();
      metrics.register(slos);
      SloStatus s = searchWithoutEvents();
      SloStatus twice =
          new SloStatus(
              s.name(),
              s.service(),
              s.objective(),
              s.window(),
              s.evaluable(),
              s.sli(),
              s.errorBudget(),
              s.burnRates(),
              List.of(
                  alert("page-1h", Severity.PAGE, AlertState.OK, 14.4),
                  alert("page-1h", Severity.PAGE, AlertState.FIRING, 14.4)),
              s.timeToExhaustion(),
              s.noData(),
              s.evaluatedAt());

      slos.publish(List.of(s, twice));

      assertThat(sloLines(metrics.scrape()))
          .contains(
              "burnrate_slo_alert_firing{alert=\"page-1h\",service=\"search\",severity=\"page\","
                  + "slo=\"search-latency\"} 1.0\n")
          .containsOnlyOnce("burnrate_slo_objective{");
    }
  }

  private static List<Long> numbers(Pattern pattern, String text) {
    return pattern.matcher(text).results().map(m -> Long.valueOf(m.group(1))).toList();
  }

  /** {@code n} SLOs of service shop, s0 to s(n-1), each with {@code r} of {@code r + 1} good. */
  private static List<SloStatus> counted(int n, int r) {
    List<SloStatus> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(
          new SloStatus(
              "s" + i,
              "shop",
              0.999,
              "30d",
              true,
              new SloStatus.SliValue(r, r + 1, r / (r + 1.0)),
              new SloStatus.ErrorBudget(1, 0, 0, 0, 0),
              Map.of("1h", (double) r),
              List.of(alert("page-1h", Severity.PAGE, AlertState.OK, 14.4)),
              Optional.empty(),
              false,
              AT));
    }
    return out;
  }

  /**
   * Checkout at 99.9%, 95% good (so -49 of its budget left, after the sums' noise), burning 20x
   * over 5m, {@code oneHour} over 1h, an infinite burn over 6h and an undefined one over 3d; its
   * page alert fires, its ticket alert is pending.
   */
  static SloStatus checkout(double oneHour) {
    Map<String, Double> burn = new LinkedHashMap<>();
    burn.put("5m", 20.000000000000004);
    burn.put("1h", oneHour);
    burn.put("6h", Double.POSITIVE_INFINITY);
    burn.put("3d", Double.NaN);
    burn.put("30d", 10.000000000000009);
    return new SloStatus(
        "checkout-availability",
        "checkout",
        0.999,
        "30d",
        true,
        new SloStatus.SliValue(950_000, 1_000_000, 0.95),
        new SloStatus.ErrorBudget(-48.99999999999996, 49.99999999999996, 1000, 50_000, -49_000),
        burn,
        List.of(
            alert("page-1h", Severity.PAGE, AlertState.FIRING, 14.4),
            alert("ticket-1d", Severity.TICKET, AlertState.PENDING, 3)),
        Optional.of(Duration.ZERO),
        false,
        AT);
  }

  /** Search at 95% with no events yet: no ratio, no burn rates, its alert not firing. */
  static SloStatus searchWithoutEvents() {
    Map<String, Double> burn = new LinkedHashMap<>();
    burn.put("5m", Double.NaN);
    burn.put("1h", Double.NaN);
    burn.put("7d", Double.NaN);
    return new SloStatus(
        "search-latency",
        "search",
        0.95,
        "7d",
        true,
        new SloStatus.SliValue(0, 0, Double.NaN),
        new SloStatus.ErrorBudget(1, 0, 0, 0, 0),
        burn,
        List.of(alert("page-1h", Severity.PAGE, AlertState.OK, 14.4)),
        Optional.empty(),
        true,
        AT);
  }

  /** An SLO the engine cannot evaluate: no numbers but its objective and a whole budget. */
  static SloStatus notEvaluable() {
    return new SloStatus(
        "inventory-sync",
        "inventory",
        0.99,
        "28d",
        false,
        new SloStatus.SliValue(0, 0, Double.NaN),
        new SloStatus.ErrorBudget(1, 0, 0, 0, 0),
        Map.of(),
        List.of(),
        Optional.empty(),
        false,
        AT);
  }

  private static SloStatus rename(SloStatus s, String service) {
    return new SloStatus(
        s.name(),
        service,
        s.objective(),
        s.window(),
        s.evaluable(),
        s.sli(),
        s.errorBudget(),
        s.burnRates(),
        s.alerts(),
        s.timeToExhaustion(),
        s.noData(),
        s.evaluatedAt());
  }

  private static SloStatus withoutOneHourBurn(SloStatus s) {
    Map<String, Double> burn = new LinkedHashMap<>(s.burnRates());
    burn.put("1h", Double.NaN);
    return new SloStatus(
        s.name(),
        s.service(),
        s.objective(),
        s.window(),
        s.evaluable(),
        s.sli(),
        s.errorBudget(),
        burn,
        s.alerts(),
        s.timeToExhaustion(),
        s.noData(),
        s.evaluatedAt());
  }

  private static SloStatus.AlertStatus alert(
      String name, Severity severity, AlertState state, double factor) {
    return new SloStatus.AlertStatus(
        name,
        severity,
        state,
        Duration.ofHours(1),
        Duration.ofMinutes(5),
        factor,
        0,
        0,
        Optional.empty());
  }

  /** The lines of a scrape that belong to the per-SLO families, in the scrape's order. */
  static String sloLines(String scrape) {
    return scrape
        .lines()
        .filter(
            l ->
                l.startsWith("burnrate_slo_")
                    || l.startsWith("# HELP burnrate_slo_")
                    || l.startsWith("# TYPE burnrate_slo_"))
        .map(l -> l + "\n")
        .collect(Collectors.joining());
  }
}
