package dev.burnrate.ingest.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.internal.SeriesLabels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeriesKeyTest {
  @Test
  void seriesKey_sortsLabelsByName_escapesValues_andLeavesOutEmptyOnes() {
    SeriesLabels labels = new SeriesLabels();
    labels.add("route", "/a\"b");
    labels.add("job", "api");
    labels.add("empty", "");
    labels.add("code", "line1\nline2\\");

    assertThat(labels.seriesKey("m_total"))
        .isEqualTo("m_total{code=\"line1\\nline2\\\\\",job=\"api\",route=\"/a\\\"b\"}");
  }

  @Test
  void seriesKey_equalsAStraightforwardReference_forRandomLabels() {
    SplittableRandom random = new SplittableRandom(7);
    String[] names = {"a", "b", "job", "le", "code", "zz", "route", "instance"};
    String[] pieces = {"x", "\"", "\\", "\n", "é", "/api", ""};
    for (int run = 0; run < 2_000; run++) {
      SeriesLabels labels = new SeriesLabels();
      List<String[]> reference = new ArrayList<>();
      int n = random.nextInt(10);
      for (int i = 0; i < n; i++) {
        String name = names[random.nextInt(names.length)];
        StringBuilder value = new StringBuilder();
        for (int p = random.nextInt(4); p > 0; p--) {
          value.append(pieces[random.nextInt(pieces.length)]);
        }
        labels.add(name, value.toString());
        reference.add(new String[] {name, value.toString()});
      }
      assertThat(labels.seriesKey("m")).isEqualTo(reference("m", reference));
    }
  }

  /** Sorted by name (stable for equal names), empty values left out, Prometheus escaping. */
  private static String reference(String metric, List<String[]> labels) {
    List<String[]> sorted = new ArrayList<>(labels);
    sorted.sort(Comparator.comparing((String[] l) -> l[0]));
    List<String> parts = new ArrayList<>();
    for (String[] l : sorted) {
      if (!l[1].isEmpty()) {
        parts.add(
            l[0]
                + "=\""
                + l[1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                + "\"");
      }
    }
    return metric + "{" + String.join(",", parts) + "}";
  }
}
