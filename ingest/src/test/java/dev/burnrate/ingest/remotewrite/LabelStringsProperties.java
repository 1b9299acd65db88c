package dev.burnrate.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** {@link LabelStrings} gives the string of the bytes asked for, whatever it saw before. */
class LabelStringsProperties {
  @Property(tries = 300)
  void get_isTheStringOfTheBytes_evenWhenSlotsCollide(@ForAll("labelTexts") List<String> texts) {
    LabelStrings strings = new LabelStrings();
    for (String t : texts) {
      byte[] utf8 = t.getBytes(StandardCharsets.UTF_8);
      // Somewhere inside a larger array, as label bytes are.
      byte[] buf = new byte[utf8.length + 6];
      System.arraycopy(utf8, 0, buf, 3, utf8.length);
      assertThat(strings.get(buf, 3, utf8.length)).isEqualTo(t);
    }
  }

  /**
   * Hundreds of short strings over a tiny alphabet: many of the same length share a slot of the
   * 256, so a lookup that compared less than every byte would answer with the wrong one.
   */
  @Provide
  Arbitrary<List<String>> labelTexts() {
    Arbitrary<String> ascii = Arbitraries.strings().withChars("ab0").ofMinLength(0).ofMaxLength(6);
    Arbitrary<String> unicode = Arbitraries.strings().withChars("aü日").ofMaxLength(3);
    return Arbitraries.frequencyOf(Tuple.of(9, ascii), Tuple.of(1, unicode))
        .list()
        .ofMinSize(100)
        .ofMaxSize(600);
  }
}
