package dev.burnrate.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LabelStrings} gives the string of the bytes asked for, whatever it saw before. */
class LabelStringsProperties {
  @Test
  void get_isTheStringOfTheBytes_evenWhenSlotsCollide() {
    PropertyRunner.forAll(
        300,
        labelTexts(),
        texts -> {
          LabelStrings strings = new LabelStrings();
          for (String t : texts) {
            byte[] utf8 = t.getBytes(StandardCharsets.UTF_8);
            // Somewhere inside a larger array, as label bytes are.
            byte[] buf = new byte[utf8.length + 6];
            System.arraycopy(utf8, 0, buf, 3, utf8.length);
            assertThat(strings.get(buf, 3, utf8.length)).isEqualTo(t);
          }
        });
  }

  /**
   * Hundreds of short strings over a tiny alphabet: many of the same length share a slot of the
   * 256, so a lookup that compared less than every byte would answer with the wrong one.
   */
  private static Gen<List<String>> labelTexts() {
    Gen<String> ascii = Gen.strings("ab0", 0, 6);
    Gen<String> unicode = Gen.strings("aü日", 0, 3);
    return Gen.<String>frequencyOf(Gen.weight(9, ascii), Gen.weight(1, unicode)).list(100, 600);
  }
}
