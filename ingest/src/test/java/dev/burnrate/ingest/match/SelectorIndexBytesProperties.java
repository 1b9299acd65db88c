package dev.burnrate.ingest.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.match.SelectorIndex.MetricSelectors;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.slo.spec.SloSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The byte lookups of {@link SelectorIndex} against its String ones: {@code selectorsOf} finds a
 * metric exactly when {@code selects} does, and a series {@code mayMatch} turns away is one {@code
 * match} gives nothing.
 */
class SelectorIndexBytesProperties {
  private static final List<String> METRICS =
      List.of(
          "http_requests_total",
          "http_requests_totals",
          "http_requests_tota",
          "http_responses_total", // the same length as http_requests_total
          "m",
          "mm",
          "ü_metric",
          "日本",
          "a_rather_long_metric_name_of_sixty_four_bytes_or_so_with_suffix_",
          "");

  private static final SelectorIndex INDEX =
      SelectorIndex.of(
          List.of(
              Slos.badOverTotal(
                  "api-errors",
                  Slos.query("http_requests_total{job=\"api\",code=~\"5..\"}"),
                  Slos.query("http_requests_total{job=\"api\"}", "http_requests_total{job=\"\"}")),
              Slos.goodOverTotal("m", Slos.query("m{a=~\".*\"}"), Slos.query("m")),
              Slos.goodOverTotal(
                  "unicode",
                  Slos.query("ü_metric{job=\"日本\"}"),
                  Slos.query("ü_metric{job=\"api\"}", "ü_metric{b!=\"x\"}")),
              Slos.goodOverTotal(
                  "long",
                  Slos.query("a_rather_long_metric_name_of_sixty_four_bytes_or_so_with_suffix_"),
                  Slos.query("日本{job=\"web\",code=\"200\"}"))));

  @Property(tries = 1000)
  void selectorsOf_findsTheMetricsSelectsFinds(
      @ForAll("names") String name, @ForAll("padding") int pad) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    byte[] buf = new byte[pad + utf8.length + pad];
    System.arraycopy(utf8, 0, buf, pad, utf8.length);
    MetricSelectors m = INDEX.selectorsOf(buf, pad, utf8.length);
    assertThat(m != null).as(name).isEqualTo(INDEX.selects(name));
    if (m != null) {
      assertThat(m.metricName()).isEqualTo(name);
    }
  }

  @Property(tries = 2000)
  void match_isEmpty_whenMayMatchSaysNo(
      @ForAll("metrics") String metric, @ForAll("labelSets") List<String> kv) {
    MetricSelectors m = selectors(metric);
    if (m == null) {
      return;
    }
    SeriesLabels labels = new SeriesLabels();
    String hashValue = "";
    for (int i = 0; i < kv.size(); i += 2) {
      if (labels.get(kv.get(i)) != null) {
        continue;
      }
      labels.add(kv.get(i), kv.get(i + 1));
      byte[] name = kv.get(i).getBytes(StandardCharsets.UTF_8);
      if (m.isHashLabel(name, 0, name.length)) {
        hashValue = kv.get(i + 1);
      }
    }
    List<Contribution> matched = m.match(labels);
    assertThat(matched).isEqualTo(INDEX.match(metric, labels));
    if (!m.mayMatch(hashValue)) {
      assertThat(matched).as("%s %s", metric, labels).isEmpty();
    }
  }

  @Example
  void isHashLabel_comparesTheWholeName() {
    MetricSelectors m = selectors("http_requests_total");
    for (String other : new String[] {"jo", "jobs", "j", "", "Job", "code"}) {
      byte[] b = other.getBytes(StandardCharsets.UTF_8);
      assertThat(m.isHashLabel(b, 0, b.length)).as(other).isFalse();
    }
    byte[] job = "xjobx".getBytes(StandardCharsets.UTF_8);
    assertThat(m.isHashLabel(job, 1, 3)).isTrue();
    assertThat(m.mayMatch("api")).isTrue();
    assertThat(m.mayMatch("")).isTrue(); // job=""
    assertThat(m.mayMatch("web")).isFalse();
    // Selectors that pin no label in common cannot turn a series away.
    assertThat(selectors("m").mayMatch("anything")).isTrue();
  }

  @Example
  void selectorsOf_skipsANameNoUtf8CanSpell() {
    // A lone surrogate has no UTF-8 form, so no decoded bytes name it.
    SloSpec lone = Slos.goodOverTotal("x", Slos.query("a\uD800b"), Slos.query("m"));
    SelectorIndex idx = SelectorIndex.of(List.of(lone));
    byte[] question = "a?b".getBytes(StandardCharsets.UTF_8);
    assertThat(idx.selects("a\uD800b")).isTrue();
    assertThat(idx.selectorsOf(question, 0, question.length)).isNull();
    byte[] m = {'m'};
    assertThat(idx.selectorsOf(m, 0, 1)).isNotNull();
    assertThat(SelectorIndex.empty().selectorsOf(m, 0, 1)).isNull();
  }

  private static MetricSelectors selectors(String metric) {
    byte[] b = metric.getBytes(StandardCharsets.UTF_8);
    return INDEX.selectorsOf(b, 0, b.length);
  }

  @Provide
  Arbitrary<String> metrics() {
    return Arbitraries.of(METRICS);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of(METRICS)),
        Tuple.of(1, Arbitraries.strings().withChars("mü_t日").ofMaxLength(20)));
  }

  @Provide
  Arbitrary<Integer> padding() {
    return Arbitraries.integers().between(0, 9);
  }

  @Provide
  Arbitrary<List<String>> labelSets() {
    Arbitrary<String> names = Arbitraries.of("job", "jo", "jobs", "code", "a", "b");
    Arbitrary<String> values = Arbitraries.of("api", "web", "", "500", "200", "x", "日本");
    return net.jqwik.api.Combinators.combine(names, values)
        .as(List::of)
        .list()
        .ofMaxSize(5)
        .map(
            pairs -> {
              List<String> kv = new ArrayList<>();
              pairs.forEach(kv::addAll);
              return kv;
            });
  }
}
