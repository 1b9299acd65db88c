package dev.burnrate.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.promql.LabelMatcher;
import dev.burnrate.slo.promql.Selector;
import dev.burnrate.slo.promql.SliQuery;
import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Matching events once per label set against the straightforward algorithm: every event matched by
 * itself against every selector of the SLOs, no index. The batches must be identical: the same
 * series, in the same order, with the same keys, contributions, times and values.
 */
class EventSeriesProperties {
  private static final String H = EventSeries.METRIC;
  private static final String[] LE = {"0.1", "0.25", "0.3", "0.30", "1", "+Inf", "0.5", "abc"};

  @Test
  void matchesAsEachEventMatchedAgainstEverySelector() {
    PropertyRunner.forAll(
        1000,
        slos(),
        events(),
        (slos, events) -> {
          BatchBuilder fast = new BatchBuilder();
          EventSeries.match(events, SelectorIndex.of(slos), fast);
          BatchBuilder reference = new BatchBuilder();
          referenceMatch(events, slos, reference);

          assertThat(fast.matchedSamples()).isEqualTo(reference.matchedSamples());
          assertThat(fast.seriesCount()).isEqualTo(reference.seriesCount());
          assertThat(view(fast.build(Optional.empty(), events.size())))
              .isEqualTo(view(reference.build(Optional.empty(), events.size())));
        });
  }

  @Test
  void matchesAsTheReference_requestAfterRequest_withOneIndex() {
    PropertyRunner.forAll(
        300,
        slos(),
        events(),
        events(),
        (slos, first, second) -> {
          SelectorIndex index = SelectorIndex.of(slos);
          // A label set is kept from its second request on: the fourth request reads what was kept.
          for (List<RequestEvent> events : List.of(first, second, first, first, second)) {
            BatchBuilder fast = new BatchBuilder();
            EventSeries.match(events, index, fast);
            BatchBuilder reference = new BatchBuilder();
            referenceMatch(events, slos, reference);
            assertThat(view(fast.build(Optional.empty(), events.size())))
                .isEqualTo(view(reference.build(Optional.empty(), events.size())));
          }
        });
  }

  @Test
  void matchesAsTheReference_pastTheLabelSetsKept() {
    List<SloSpec> slos =
        List.of(
            Slos.goodOverTotal(
                "s",
                Slos.query(H + "_bucket{le=\"0.3\",http_route=~\"/r1.*\"}"),
                Slos.query(H + "_count")));
    SelectorIndex index = SelectorIndex.of(slos);
    List<RequestEvent> events = new ArrayList<>();
    for (int i = 0; i < EventSeries.MAX_KEPT_LABEL_SETS + 5_000; i++) {
      events.add(new RequestEvent(1000 + i % 7, "svc", "/r" + i, "GET", 200, i % 600, Map.of()));
    }
    for (List<RequestEvent> request : List.of(events, events, events, events.subList(0, 3_000))) {
      BatchBuilder fast = new BatchBuilder();
      EventSeries.match(request, index, fast);
      BatchBuilder reference = new BatchBuilder();
      referenceMatch(request, slos, reference);
      assertThat(view(fast.build(Optional.empty(), request.size())))
          .isEqualTo(view(reference.build(Optional.empty(), request.size())));
    }
  }

  // ---- the reference ----

  private record Sel(Selector selector, List<Contribution> contributions) {}

  private static void referenceMatch(
      List<RequestEvent> events, List<SloSpec> slos, BatchBuilder out) {
    Map<String, Map<String, Sel>> byMetric = new LinkedHashMap<>();
    for (SloSpec slo : slos) {
      add(byMetric, slo.name(), SliRole.GOOD, slo.sli().good());
      add(byMetric, slo.name(), SliRole.BAD, slo.sli().bad());
      add(byMetric, slo.name(), SliRole.TOTAL, slo.sli().total());
    }
    List<Sel> count = List.copyOf(byMetric.getOrDefault(H + "_count", Map.of()).values());
    List<Sel> sum = List.copyOf(byMetric.getOrDefault(H + "_sum", Map.of()).values());
    List<Sel> bucket = List.copyOf(byMetric.getOrDefault(H + "_bucket", Map.of()).values());
    SeriesLabels labels = new SeriesLabels();
    for (RequestEvent e : events) {
      Map<String, String> l = new LinkedHashMap<>();
      l.put("job", e.service());
      l.put("http_route", e.route());
      l.put("http_request_method", e.method());
      l.put("http_response_status_code", Integer.toString(e.status()));
      l.putAll(e.labels());
      labels.clear();
      l.forEach(labels::add);
      double seconds = e.durationMs() / 1000.0;
      List<Contribution> c = matching(count, l);
      if (!c.isEmpty()) {
        out.add(labels.seriesKey(H + "_count"), Temporality.DELTA, c, e.timestampMs(), 1);
      }
      c = matching(sum, l);
      if (!c.isEmpty()) {
        out.add(labels.seriesKey(H + "_sum"), Temporality.DELTA, c, e.timestampMs(), seconds);
      }
      Map<String, List<Contribution>> buckets = new LinkedHashMap<>();
      for (Sel s : bucket) {
        String le = null;
        for (LabelMatcher m : s.selector().matchers()) {
          if (m.name().equals("le") && m.op() == dev.burnrate.slo.promql.MatchOp.EQ) {
            le = m.value();
          }
        }
        Double threshold = bound(le);
        if (threshold == null || !(seconds <= threshold)) {
          continue;
        }
        boolean all = true;
        for (LabelMatcher m : s.selector().matchers()) {
          if (!m.name().equals("le") && !m.matches(l.get(m.name()))) {
            all = false;
          }
        }
        if (all) {
          buckets.computeIfAbsent(le, k -> new ArrayList<>()).addAll(s.contributions());
        }
      }
      for (Map.Entry<String, List<Contribution>> b : buckets.entrySet()) {
        labels.add("le", b.getKey());
        String key = labels.seriesKey(H + "_bucket");
        labels.removeLast();
        out.add(key, Temporality.DELTA, b.getValue(), e.timestampMs(), 1);
      }
    }
  }

  private static void add(
      Map<String, Map<String, Sel>> byMetric, String slo, SliRole role, Optional<SliQuery> query) {
    if (query.isEmpty()) {
      return;
    }
    for (SliQuery.Term t : query.get().terms()) {
      byMetric
          .computeIfAbsent(t.selector().metricName(), k -> new LinkedHashMap<>())
          .computeIfAbsent(t.selector().toString(), k -> new Sel(t.selector(), new ArrayList<>()))
          .contributions()
          .add(new Contribution(slo, role, t.sign()));
    }
  }

  private static List<Contribution> matching(List<Sel> selectors, Map<String, String> labels) {
    List<Contribution> out = new ArrayList<>();
    for (Sel s : selectors) {
      if (s.selector().matchers().stream().allMatch(m -> m.matches(labels.get(m.name())))) {
        out.addAll(s.contributions());
      }
    }
    return out;
  }

  private static Double bound(String le) {
    if (le == null) {
      return null;
    }
    if (le.equals("+Inf")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      return Double.parseDouble(le);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The batch as comparable values. The contributions of {@code _count} and {@code _sum} series are
   * compared as multisets: they come from {@link SelectorIndex#match}, which lists the selectors
   * found through its equality hash first (their order means nothing); bucket series list theirs in
   * index order.
   */
  private static List<List<Object>> view(IngestBatch batch) {
    List<List<Object>> out = new ArrayList<>();
    for (MatchedSeries s : batch.series()) {
      List<Contribution> c = s.contributions();
      if (!s.seriesKey().startsWith(H + "_bucket")) {
        c = c.stream().sorted(java.util.Comparator.comparing(Contribution::toString)).toList();
      }
      out.add(
          List.of(
              s.seriesKey(),
              s.temporality(),
              c,
              Arrays.toString(s.timestampsMs()),
              Arrays.toString(s.values())));
    }
    return out;
  }

  // ---- generators ----

  private static Gen<List<SloSpec>> slos() {
    Gen<List<String>> matcherLists = matchers();
    Gen<List<String>> leLists = Gen.of(LE).list(0, 2);
    Gen<String> bucketSelector =
        r -> {
          List<String> all = new ArrayList<>(matcherLists.next(r));
          leLists.next(r).forEach(le -> all.add("le=\"" + le + "\""));
          return H + "_bucket{" + String.join(",", all) + "}";
        };
    Gen<String> metrics = Gen.of(H + "_count", H + "_count", H + "_sum", "http_requests_total");
    Gen<String> les = Gen.of("", "", "", "le=\"0.3\"", "le=\"\"");
    Gen<String> otherSelector =
        r -> {
          String metric = metrics.next(r);
          List<String> all = new ArrayList<>(matcherLists.next(r));
          String le = les.next(r);
          if (!le.isEmpty()) {
            all.add(le);
          }
          return metric + "{" + String.join(",", all) + "}";
        };
    Gen<String> selector = Gen.oneOf(bucketSelector, otherSelector);
    Gen<String> signs = Gen.of("", "", "", "-");
    Gen<String> term =
        r -> {
          String s = selector.next(r);
          return signs.next(r) + s;
        };
    Gen<String[]> query = term.list(1, 2).map(t -> t.toArray(String[]::new));
    Gen<Boolean> goods = Gen.of(true, false);
    Gen<Object[]> spec = r -> new Object[] {query.next(r), query.next(r), goods.next(r)};
    return spec.list(1, 6)
        .map(
            specs -> {
              List<SloSpec> out = new ArrayList<>();
              for (int i = 0; i < specs.size(); i++) {
                Object[] s = specs.get(i);
                SliQuery first = Slos.query((String[]) s[0]);
                SliQuery total = Slos.query((String[]) s[1]);
                out.add(
                    (Boolean) s[2]
                        ? Slos.goodOverTotal("slo-" + i, first, total)
                        : Slos.badOverTotal("slo-" + i, first, total));
              }
              return out;
            });
  }

  private static Gen<List<String>> matchers() {
    return Gen.of(
            "job=\"svc-0\"",
            "job=\"svc-1\"",
            "job=\"svc-1\"",
            "job=~\"svc-[01]\"",
            "job!=\"svc-2\"",
            "http_route=\"/a\"",
            "http_route=~\"/(a|b)\"",
            "http_request_method!=\"POST\"",
            "http_response_status_code=~\"5..\"",
            "http_response_status_code=\"200\"",
            "region=\"eu\"",
            "region=\"\"",
            "region!~\"u.*\"")
        .uniqueList(0, 3);
  }

  private static Gen<List<RequestEvent>> events() {
    Gen<Double> durations =
        Gen.oneOf(
            Gen.of(0.0, 100.0, 250.0, 300.0, 300.0000001, 299.9999999, 500.0, 1000.0),
            Gen.doubles(0, 2000, 3));
    Gen<Map<String, String>> labelSets =
        Gen.of(
            Map.of(),
            Map.of(),
            Map.of("region", "eu"),
            Map.of("region", ""),
            Map.of("region", "us", "zone", "a"),
            Map.of("zone", "a\"b\\c\nd"));
    Gen<Long> tss = Gen.of(1000L, 2000L, 3000L, 1500L);
    Gen<String> services = Gen.of("svc-0", "svc-1", "svc-2", "svc-3");
    Gen<String> routes = Gen.of("/a", "/b", "/c");
    Gen<String> methods = Gen.of("GET", "POST");
    Gen<Integer> statuses = Gen.of(200, 200, 503, 404);
    Gen<RequestEvent> event =
        r ->
            new RequestEvent(
                tss.next(r),
                services.next(r),
                routes.next(r),
                methods.next(r),
                statuses.next(r),
                durations.next(r),
                labelSets.next(r));
    return event.list(0, 80);
  }
}
