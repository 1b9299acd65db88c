package dev.burnrate.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.internal.SeriesKeyHash;
import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.pipeline.SeriesKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AsciiSeriesKeyTest {
  private static final String[] NAMES = {"a", "b", "code", "instance", "job", "le", "route", "zz"};
  // Long pieces make values past eight bytes, read a word at a time; the last one is not ASCII.
  private static final String[] PIECES = {
    "x", "\"", "\\", "\n", "/api", "", "\0", "/api/v1/orders", "0123456789abcdef", "é"
  };

  @Test
  void keyFromBytes_hasTheTextAndHashesOfTheStringKey_forRandomAsciiLabels() {
    SplittableRandom random = new SplittableRandom(11);
    int ascii = 0;
    for (int run = 0; run < 5_000; run++) {
      TreeSet<String> names = new TreeSet<>();
      for (int i = random.nextInt(NAMES.length + 1); i > 0; i--) {
        names.add(NAMES[random.nextInt(NAMES.length)]);
      }
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      // Junk before the labels: offsets need not start at 0.
      buf.writeBytes(new byte[random.nextInt(3)]);
      int metricOff = buf.size();
      byte[] metric = "http_requests_total".getBytes(StandardCharsets.UTF_8);
      buf.writeBytes(metric);
      SeriesLabels labels = new SeriesLabels();
      List<Integer> at = new ArrayList<>();
      if (random.nextBoolean()) {
        // The metric name as a label: left out of the key.
        at.addAll(List.of(put(buf, "__name__"), 8, put(buf, "http_requests_total"), 19));
      }
      for (String name : names) {
        StringBuilder value = new StringBuilder();
        for (int p = random.nextInt(6); p > 0; p--) {
          value.append(PIECES[random.nextInt(PIECES.length - (run % 2))]);
        }
        byte[] v = value.toString().getBytes(StandardCharsets.UTF_8);
        at.add(put(buf, name));
        at.add(name.length());
        // A label without a value field: offset -1.
        at.add(v.length == 0 && random.nextBoolean() ? -1 : put(buf, value.toString()));
        at.add(v.length);
        labels.add(name, value.toString());
      }
      int[] labelAt = at.stream().mapToInt(Integer::intValue).toArray();
      AsciiSeriesKey written = new AsciiSeriesKey();
      boolean isAscii =
          written.write(buf.toByteArray(), metricOff, metric.length, labelAt, labelAt.length / 4);
      String text = labels.seriesKey("http_requests_total");
      if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
        assertThat(isAscii).as(text).isFalse();
        continue;
      }
      assertThat(isAscii).as(text).isTrue();
      ascii++;
      SeriesKey key = written.key();
      assertThat(written.is(key)).isTrue();
      assertThat(written.complete()).isEqualTo(labelsWithValues(labels) == names.size());
      assertThat(key.text()).isEqualTo(text);
      assertThat(key.hash()).isEqualTo(SeriesKeyHash.of(text));
      assertThat(key.check()).isEqualTo(SeriesKeyHash.check(text));
      assertThat(key.length()).isEqualTo(text.length());
      assertThat(key.hasNul()).isEqualTo(text.indexOf('\0') >= 0);
      assertThat(key).isEqualTo(SeriesKey.of(text));
      assertThat(key.utf8()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(ascii).isGreaterThan(2_000);
  }

  private static int labelsWithValues(SeriesLabels labels) {
    int n = 0;
    for (int i = 0; i < labels.size(); i++) {
      n += labels.value(i).isEmpty() ? 0 : 1;
    }
    return n;
  }

  private static int put(ByteArrayOutputStream buf, String s) {
    int off = buf.size();
    buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    return off;
  }
}
