package dev.burnrate.bridge.internal.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PriorityTest {

  @Test
  void formatAndParse_areInverse_forEveryPriority() {
    for (int n = 1; n <= 4; n++) {
      assertThat(Priority.parse(Priority.format(n))).contains(Priority.of(n));
      assertThat(Priority.of(n).number()).isEqualTo(n);
    }
  }

  @Test
  void parse_isExact_whileLabelsMayUseEitherCase() {
    assertThat(Priority.parse("p2")).isEmpty();
    assertThat(Priority.parse("P5")).isEmpty();
    assertThat(Priority.parse("P12")).isEmpty();
    assertThat(Priority.parseIgnoringCase("p2")).contains(Priority.P2);
  }

  @Test
  void theConfigurationForm_takesANumberWithOrWithoutP() {
    assertThat(Priority.parseNumber("P3")).isEqualTo(3);
    assertThat(Priority.parseNumber("p3")).isEqualTo(3);
    assertThat(Priority.parseNumber("7")).isEqualTo(7);
    assertThatThrownBy(() -> Priority.parseNumber("high"))
        .isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> Priority.of(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
