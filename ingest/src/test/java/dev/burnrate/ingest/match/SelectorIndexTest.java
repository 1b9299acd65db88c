package dev.burnrate.ingest.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectorIndexTest {

  private static SeriesLabels labels(String... kv) {
    SeriesLabels l = new SeriesLabels();
    for (int i = 0; i < kv.length; i += 2) {
      l.add(kv[i], kv[i + 1]);
    }
    return l;
  }

  private static SelectorIndex index(String good, String total) {
    return SelectorIndex.of(List.of(Slos.goodOverTotal("s", Slos.query(good), Slos.query(total))));
  }

  private static boolean goodMatches(SelectorIndex idx, String metric, SeriesLabels labels) {
    return idx.match(metric, labels).contains(new Contribution("s", SliRole.GOOD, 1));
  }

  @Test
  void match_supportsAllFourOperators() {
    SelectorIndex idx = index("m{a=\"x\",b!=\"y\",c=~\"2..\",d!~\"5.*\"}", "t");
    assertThat(goodMatches(idx, "m", labels("a", "x", "b", "z", "c", "200", "d", "400"))).isTrue();
    assertThat(goodMatches(idx, "m", labels("a", "w", "b", "z", "c", "200", "d", "400"))).isFalse();
    assertThat(goodMatches(idx, "m", labels("a", "x", "b", "y", "c", "200", "d", "400"))).isFalse();
    assertThat(goodMatches(idx, "m", labels("a", "x", "b", "z", "c", "300", "d", "400"))).isFalse();
    assertThat(goodMatches(idx, "m", labels("a", "x", "b", "z", "c", "200", "d", "503"))).isFalse();
  }

  @Test
  void match_anchorsRegularExpressions() {
    SelectorIndex idx = index("m{code=~\"5..\"}", "t");
    assertThat(goodMatches(idx, "m", labels("code", "500"))).isTrue();
    assertThat(goodMatches(idx, "m", labels("code", "1500"))).isFalse();
    assertThat(goodMatches(idx, "m", labels("code", "5000"))).isFalse();
    SelectorIndex alt = index("m{code=~\"2..|3..\"}", "t");
    assertThat(goodMatches(alt, "m", labels("code", "302"))).isTrue();
    assertThat(goodMatches(alt, "m", labels("code", "2000"))).isFalse();
  }

  @Test
  void match_treatsAMissingLabelAsEmpty() {
    assertThat(goodMatches(index("m{env=\"\"}", "t"), "m", labels("job", "a"))).isTrue();
    assertThat(goodMatches(index("m{env!=\"prod\"}", "t"), "m", labels())).isTrue();
    assertThat(goodMatches(index("m{env=~\"prod|\"}", "t"), "m", labels())).isTrue();
    assertThat(goodMatches(index("m{env=\"prod\"}", "t"), "m", labels())).isFalse();
    assertThat(goodMatches(index("m{env=~\".+\"}", "t"), "m", labels())).isFalse();
  }

  @Test
  void match_givesTheTermsSign_forADifferenceOfCounters() {
    SelectorIndex idx =
        SelectorIndex.of(
            List.of(
                Slos.goodOverTotal(
                    "s",
                    Slos.query("requests_total", "-requests_failed_total"),
                    Slos.query("requests_total"))));
    assertThat(idx.match("requests_total", labels()))
        .containsExactlyInAnyOrder(
            new Contribution("s", SliRole.GOOD, 1), new Contribution("s", SliRole.TOTAL, 1));
    assertThat(idx.match("requests_failed_total", labels()))
        .containsExactly(new Contribution("s", SliRole.GOOD, -1));
  }

  @Test
  void match_isEmptyForUnselectedMetrics() {
    SelectorIndex idx = index("m{a=\"x\"}", "t");
    assertThat(idx.selects("other")).isFalse();
    assertThat(idx.match("other", labels("a", "x"))).isEmpty();
    assertThat(idx.selects("m")).isTrue();
  }

  @Test
  void match_comparesLeNumerically() {
    SelectorIndex idx = index("h_bucket{le=\"1\"}", "h_count");
    assertThat(goodMatches(idx, "h_bucket", labels("le", "1.0"))).isTrue();
    assertThat(goodMatches(idx, "h_bucket", labels("le", "1"))).isTrue();
    assertThat(goodMatches(idx, "h_bucket", labels("le", "1.5"))).isFalse();
    assertThat(goodMatches(index("h_bucket{le=\"+Inf\"}", "t"), "h_bucket", labels("le", "+Inf")))
        .isTrue();
  }

  @Test
  void matchObservation_countsAnObservationInEveryBucketAtOrAboveIt_exactly() {
    SelectorIndex idx =
        SelectorIndex.of(
            List.of(
                Slos.goodOverTotal(
                    "fast", Slos.query("h_bucket{le=\"0.3\",job=\"api\"}"), Slos.query("h_count")),
                Slos.goodOverTotal(
                    "odd", Slos.query("h_bucket{le=\"0.2999\"}"), Slos.query("h_count"))));
    List<String> hits = new ArrayList<>();
    idx.matchObservation("h_bucket", labels("job", "api"), 0.3, (le, c) -> hits.add(le));
    assertThat(hits).containsExactly("0.3");
    hits.clear();
    idx.matchObservation("h_bucket", labels("job", "api"), 0.29995, (le, c) -> hits.add(le));
    assertThat(hits).containsExactly("0.3");
    hits.clear();
    idx.matchObservation("h_bucket", labels("job", "api"), 0.2999, (le, c) -> hits.add(le));
    assertThat(hits).containsExactlyInAnyOrder("0.3", "0.2999");
    hits.clear();
    idx.matchObservation("h_bucket", labels("job", "web"), 0.1, (le, c) -> hits.add(le));
    assertThat(hits).containsExactly("0.2999");
  }

  @Test
  void bucketSelectors_areTheCandidatesOfTheHashedLabelAndTheUnhashed_inIndexOrder() {
    List<SloSpec> slos = new ArrayList<>();
    slos.add(
        Slos.goodOverTotal(
            "any-first", Slos.query("h_bucket{le=\"1\",job=~\"svc4.\"}"), Slos.query("h_count")));
    for (int i = 0; i < 100; i++) {
      slos.add(
          Slos.goodOverTotal(
              "slo" + i,
              Slos.query("h_bucket{job=\"svc" + i + "\",le=\"0.3\"}"),
              Slos.query("h_count{job=\"svc" + i + "\"}")));
    }
    slos.add(
        Slos.goodOverTotal("any-last", Slos.query("h_bucket{le=\"+Inf\"}"), Slos.query("h_count")));
    slos.add(
        Slos.goodOverTotal("no-le", Slos.query("h_bucket{job=\"svc42\"}"), Slos.query("h_count")));
    SelectorIndex idx = SelectorIndex.of(slos);

    assertThat(idx.selectors("h_bucket").bucketSelectors(labels("job", "svc42")))
        .extracting(b -> b.contributions().get(0).slo() + "@" + b.leText() + "=" + b.threshold())
        .containsExactly("any-first@1=1.0", "slo42@0.3=0.3", "any-last@+Inf=Infinity");
    assertThat(idx.selectors("h_bucket").bucketSelectors(labels("job", "svc7")))
        .extracting(b -> b.contributions().get(0).slo())
        .containsExactly("slo7", "any-last");
    assertThat(idx.selectors("h_bucket").bucketSelectors(labels("job", "web")))
        .extracting(b -> b.contributions().get(0).slo())
        .containsExactly("any-last");
    assertThat(idx.selectors("nope")).isNull();
  }

  @Test
  void match_findsEverySelectorAmongMany_throughTheEqualityHash() {
    List<SloSpec> slos = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      slos.add(
          Slos.badOverTotal(
              "slo" + i,
              Slos.query("http_requests_total{job=\"svc" + i + "\",code=~\"5..\"}"),
              Slos.query("http_requests_total{job=\"svc" + i + "\"}")));
    }
    slos.add(
        Slos.badOverTotal(
            "all",
            Slos.query("http_requests_total{code=~\"5..\"}"),
            Slos.query("http_requests_total")));
    SelectorIndex idx = SelectorIndex.of(slos);
    assertThat(idx.match("http_requests_total", labels("job", "svc42", "code", "503")))
        .containsExactlyInAnyOrder(
            new Contribution("slo42", SliRole.BAD, 1),
            new Contribution("slo42", SliRole.TOTAL, 1),
            new Contribution("all", SliRole.BAD, 1),
            new Contribution("all", SliRole.TOTAL, 1));
    assertThat(idx.match("http_requests_total", labels("job", "nope", "code", "200")))
        .containsExactly(new Contribution("all", SliRole.TOTAL, 1));
  }

  @Test
  void of_skipsSlosThatCannotBeEvaluated() {
    SloSpec raw = Slos.goodOverTotal("s", Slos.query("m"), Slos.query("t"));
    SloSpec notEvaluable =
        new SloSpec(
            "raw",
            raw.service(),
            "",
            0.99,
            raw.window(),
            raw.budgetingMethod(),
            raw.timeSlices(),
            Sli.notEvaluable(Sli.Kind.RAW, "a raw ratio"),
            raw.alertRules(),
            raw.labels(),
            raw.source(),
            List.of(),
            List.of());
    assertThat(SelectorIndex.of(List.of(notEvaluable)).selectorCount()).isZero();
  }
}
