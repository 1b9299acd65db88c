package dev.burnrate.ingest.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.match.internal.GroupLimiter;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.Temporality;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.slo.definition.SloGroups;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.promql.SliQuery;
import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The buckets ingest writes for grouped and composite SLOs against a brute-force recomputation:
 * random series (random labels, random delta samples over the last hour) are matched by the
 * selector index and planned by {@link GroupPlan}; every instance bucket of the grouped SLO holds
 * exactly its group's events (the first {@code limit} groups to arrive; later ones in none, and
 * counted), and every composite bucket is the weighted sum of its components' buckets, nested
 * composites included, to 1e-9.
 */
class GroupedAndCompositeBucketsProperties {
  private static final long NOW = 1_800_000_000_000L;
  private static final long MINUTE = 60_000;
  private static final List<String> GROUPING = List.of("route", "region");
  private static final List<Double> WEIGHTS = List.of(0.25, 0.5, 1.0, 1.5, 2.0, 3.0);

  record Series(String metric, Map<String, String> labels, long[] ts, double[] values) {}

  record Scenario(int limit, double[] weights, List<Series> series) {}

  @Test
  void groupInstancesAndComposites_holdExactlyTheirShareOfTheEvents() {
    PropertyRunner.forAll(200, scenarios(), GroupedAndCompositeBucketsProperties::check);
  }

  private static Gen<Scenario> scenarios() {
    Gen<Series> series =
        r -> {
          Map<String, String> labels = new LinkedHashMap<>();
          labels.put("job", "shop");
          labels.put("route", Gen.of("/pay", "/cart", "/q", "").next(r));
          String region = Gen.of("eu", "us", "ap", "").next(r);
          if (!region.isEmpty()) {
            labels.put("region", region);
          }
          labels.put("code", Gen.of("200", "500").next(r));
          labels.put("ok", Gen.of("0", "1").next(r));
          int n = r.nextInt(1, 6);
          long[] ts = new long[n];
          double[] v = new double[n];
          for (int i = 0; i < n; i++) {
            ts[i] = NOW - r.nextLong(0, 50 * MINUTE);
            v[i] = r.nextInt(0, 64 * 20) / 64.0;
          }
          java.util.Arrays.sort(ts);
          return new Series(Gen.of("req_total", "other_total").next(r), labels, ts, v);
        };
    return r -> {
      double[] w = new double[4];
      for (int i = 0; i < w.length; i++) {
        w[i] = Gen.of(WEIGHTS).next(r);
      }
      return new Scenario(r.nextInt(1, 5), w, series.list(1, 40).next(r));
    };
  }

  private static void check(Scenario sc) {
    double[] w = sc.weights();
    SloSpec grouped =
        Slos.goodOverTotal("a", Slos.query("req_total{code=\"200\"}"), Slos.query("req_total"))
            .withGrouping(GROUPING);
    SloSpec payErrors =
        Slos.badOverTotal(
            "b",
            Slos.query("req_total{code=\"500\",route=\"/pay\"}"),
            Slos.query("req_total{route=\"/pay\"}"));
    SloSpec other =
        Slos.goodOverTotal(
            "c", Slos.query("other_total", "-other_total{ok=\"0\"}"), Slos.query("other_total"));
    SloSpec journey =
        composite("j", List.of(new SloSpec.Component("a", w[0]), new SloSpec.Component("b", w[1])));
    SloSpec site =
        composite("k", List.of(new SloSpec.Component("j", w[2]), new SloSpec.Component("c", w[3])));
    List<SloSpec> plain = List.of(grouped, payErrors, other);
    GroupLimiter limiter = new GroupLimiter(sc.limit());
    SelectorIndex index =
        SelectorIndex.of(List.of(grouped, payErrors, other, journey, site), limiter);

    // Ingest: match each series once, as a decoder does, and plan the batch.
    List<MatchedSeries> matched = new ArrayList<>();
    int k = 0;
    for (Series s : sc.series()) {
      SeriesLabels labels = new SeriesLabels();
      s.labels().forEach(labels::add);
      List<Contribution> c = index.match(s.metric(), labels);
      if (!c.isEmpty()) {
        matched.add(
            new MatchedSeries("s" + k++, Temporality.DELTA, c, s.ts().clone(), s.values().clone()));
      }
    }
    Map<String, double[]> actual = new TreeMap<>();
    if (!matched.isEmpty()) {
      IngestBatch batch = new IngestBatch(matched, Optional.of("key"), 0);
      GroupPlan.Outcome o =
          new GroupPlan(List.of(batch))
              .apply(new boolean[1], new StoredSeries(0), NOW, 3_600_000, 10 * MINUTE);
      BucketRows rows = o.minuteBuckets();
      for (int i = 0; i < rows.size(); i++) {
        actual.put(
            rows.slo()[i] + "@" + rows.startSeconds()[i],
            new double[] {rows.good()[i], rows.bad()[i], rows.total()[i]});
      }
    }

    // Brute force: each SLO's good, bad and total per minute from its queries, term by term.
    Map<String, double[]> expected = new TreeMap<>();
    Set<String> admitted = new LinkedHashSet<>();
    long refused = 0;
    for (Series s : sc.series()) {
      String instance =
          SloGroups.instanceName(
              "a", GROUPING, GROUPING.stream().map(l -> s.labels().getOrDefault(l, "")).toList());
      int groupedTerms = matches(grouped.sli().good(), s) + matches(grouped.sli().total(), s);
      boolean inGroup = false;
      if (groupedTerms > 0) {
        if (admitted.contains(instance) || admitted.size() < sc.limit()) {
          admitted.add(instance);
          inGroup = true;
        } else {
          refused += groupedTerms;
        }
      }
      for (int i = 0; i < s.ts().length; i++) {
        long minute = Math.floorDiv(s.ts()[i], MINUTE) * 60;
        double v = s.values()[i];
        Map<String, double[]> own = new HashMap<>();
        for (SloSpec spec : plain) {
          double[] cell = {
            v * sum(spec.sli().good(), s),
            v * sum(spec.sli().bad(), s),
            v * sum(spec.sli().total(), s)
          };
          own.put(spec.name(), cell);
          add(expected, spec.name() + "@" + minute, cell, 1);
        }
        if (inGroup) {
          add(expected, instance + "@" + minute, own.get("a"), 1);
        }
        // A composite's bad events: a component's bad, or its total minus its good.
        double[] j = new double[3];
        add(j, asBad(own.get("a"), grouped), w[0]);
        add(j, asBad(own.get("b"), payErrors), w[1]);
        add(expected, "j@" + minute, j, 1);
        double[] kk = new double[3];
        add(kk, j, w[2]);
        add(kk, asBad(own.get("c"), other), w[3]);
        add(expected, "k@" + minute, kk, 1);
      }
    }
    // A bucket with only zeros is not written: compare the non-zero ones both ways.
    expected.values().removeIf(c -> c[0] == 0 && c[1] == 0 && c[2] == 0);
    actual.values().removeIf(c -> c[0] == 0 && c[1] == 0 && c[2] == 0);
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach(
        (key, e) -> {
          double[] a = actual.get(key);
          for (int c = 0; c < 3; c++) {
            assertThat(Math.abs(a[c] - e[c]))
                .as("%s column %d: %s vs brute force %s", key, c, a[c], e[c])
                .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(e[c])));
          }
        });
    assertThat(limiter.overLimit("a")).isEqualTo(refused);
    assertThat(limiter.groups("a")).isEqualTo(admitted.size());
  }

  private static SloSpec composite(String name, List<SloSpec.Component> components) {
    SliQuery q = Slos.query("unused_total");
    SloSpec base = Slos.badOverTotal(name, q, q);
    return new SloSpec(
        base.name(),
        base.service(),
        "",
        base.objective(),
        base.window(),
        base.budgetingMethod(),
        base.timeSlices(),
        base.sli(),
        base.alertRules(),
        base.labels(),
        base.source(),
        List.of(),
        components);
  }

  /** A component's cell as the composite counts it: bad events (total - good for good/total). */
  private static double[] asBad(double[] own, SloSpec spec) {
    double bad = spec.sli().good().isPresent() ? own[2] - own[0] : own[1];
    return new double[] {0, bad, own[2]};
  }

  private static int matches(Optional<SliQuery> q, Series s) {
    int n = 0;
    for (SliQuery.Term t : q.map(SliQuery::terms).orElse(List.of())) {
      if (t.selector().matches(s.metric(), s.labels())) {
        n++;
      }
    }
    return n;
  }

  private static double sum(Optional<SliQuery> q, Series s) {
    double out = 0;
    for (SliQuery.Term t : q.map(SliQuery::terms).orElse(List.of())) {
      if (t.selector().matches(s.metric(), s.labels())) {
        out += t.sign();
      }
    }
    return out;
  }

  private static void add(Map<String, double[]> m, String key, double[] cell, double weight) {
    add(m.computeIfAbsent(key, x -> new double[3]), cell, weight);
  }

  private static void add(double[] into, double[] cell, double weight) {
    for (int c = 0; c < 3; c++) {
      into[c] += weight * cell[c];
    }
  }
}
