package dev.burnrate.ingest.match.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.testing.Slos;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricSelectorsSharedTest {
  private static MetricSelectors selectors() {
    SelectorIndex index =
        SelectorIndex.of(
            List.of(
                Slos.goodOverTotal(
                    "s",
                    Slos.query("requests_total{code=\"200\"}"),
                    Slos.query("requests_total"))));
    byte[] name = "requests_total".getBytes(StandardCharsets.US_ASCII);
    return index.selectorsOf(name, 0, name.length);
  }

  @Test
  void equalListsOfMatches_becomeOneInstance_upToTheLimit() {
    MetricSelectors selectors = selectors();
    List<Contribution> a =
        List.copyOf(new ArrayList<>(List.of(new Contribution("s", SliRole.GOOD, 1))));
    List<Contribution> b =
        List.copyOf(new ArrayList<>(List.of(new Contribution("s", SliRole.GOOD, 1))));
    assertThat(b).isEqualTo(a).isNotSameAs(a);
    assertThat(selectors.shared(a)).isSameAs(a);
    assertThat(selectors.shared(b)).isSameAs(a);
    // Another metric's selectors share their own lists.
    assertThat(selectors().shared(b)).isSameAs(b);

    for (int i = 1; i < MetricSelectors.MAX_SHARED_MATCHES; i++) {
      selectors.shared(List.of(new Contribution("s" + i, SliRole.TOTAL, 1)));
    }
    List<Contribution> late = List.of(new Contribution("late", SliRole.TOTAL, 1));
    List<Contribution> lateAgain = List.of(new Contribution("late", SliRole.TOTAL, 1));
    assertThat(selectors.shared(late)).isSameAs(late);
    assertThat(selectors.shared(lateAgain)).isSameAs(lateAgain);
    // Those shared before the limit still are.
    assertThat(selectors.shared(List.of(new Contribution("s", SliRole.GOOD, 1)))).isSameAs(a);
  }
}
