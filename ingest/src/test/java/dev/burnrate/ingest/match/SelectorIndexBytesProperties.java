package dev.burnrate.ingest.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.match.internal.MetricSelectors;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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

  @Test
  void selectorsOf_findsTheMetricsSelectsFinds() {
    PropertyRunner.forAll(
        1000,
        names(),
        padding(),
        (name, pad) -> {
          byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
          byte[] buf = new byte[pad + utf8.length + pad];
          System.arraycopy(utf8, 0, buf, pad, utf8.length);
          MetricSelectors m = INDEX.selectorsOf(buf, pad, utf8.length);
          assertThat(m != null).as(name).isEqualTo(INDEX.selects(name));
          if (m != null) {
            assertThat(m.metricName()).isEqualTo(name);
          }
        });
  }

  @Test
  void match_isEmpty_whenMayMatchSaysNo() {
    PropertyRunner.forAll(
        2000, metrics(), labelSets(), SelectorIndexBytesProperties::matchIsEmptyWhenMayMatchSaysNo);
  }

  private static void matchIsEmptyWhenMayMatchSaysNo(String metric, List<String> kv) {
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

  @Test
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

  @Test
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

  private static Gen<String> metrics() {
    return Gen.of(METRICS);
  }

  private static Gen<String> names() {
    return Gen.frequencyOf(
        Gen.weight(3, Gen.of(METRICS)), Gen.weight(1, Gen.strings("mü_t日", 0, 20)));
  }

  private static Gen<Integer> padding() {
    return Gen.ints(0, 9);
  }

  private static Gen<List<String>> labelSets() {
    Gen<String> names = Gen.of("job", "jo", "jobs", "code", "a", "b");
    Gen<String> values = Gen.of("api", "web", "", "500", "200", "x", "日本");
    Gen<List<String>> pair = r -> List.of(names.next(r), values.next(r));
    return pair.list(0, 5)
        .map(
            pairs -> {
              List<String> kv = new ArrayList<>();
              pairs.forEach(kv::addAll);
              return kv;
            });
  }
}
