package dev.burnrate.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void everyUnit_parses() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
  }

  @Test
  void terms_addUp_inAnyOrder() {
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1w2d3h4m5s6ms"))
        .isEqualTo(Duration.ofDays(9).plusHours(3).plusMinutes(4).plusSeconds(5).plusMillis(6));
    assertThat(Durations.parse("30m1h")).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void zero_andSurroundingSpaces_areAccepted() {
    assertThat(Durations.parse("0s")).isZero();
    assertThat(Durations.parse(" 10s ")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void textOutsideTheGrammar_isRejected_namingTheForms() {
    for (String bad :
        new String[] {
          "", "10", "10 s", "10seconds", "-5m", "1.5h", "1M", "h", "5m ago", "1h 30m"
        }) {
      assertThat(Durations.isWellFormed(bad)).as(bad).isFalse();
      assertThatThrownBy(() -> Durations.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("expected a duration such as 30s, 30m, 2h or 7d, got '" + bad + "'");
    }
  }

  @Test
  void hugeDurations_areTooLong_notOverflowed() {
    assertThat(Durations.isWellFormed("99999999999999999999999d")).isTrue();
    assertThatThrownBy(() -> Durations.parse("99999999999999999999999d"))
        .hasMessage("the duration '99999999999999999999999d' is too long");
    assertThatThrownBy(() -> Durations.parse("9223372036854775807w"))
        .hasMessageContaining("is too long");
  }

  @Test
  void format_writesTheLargestExactUnit_andParsesBack() {
    assertThat(Durations.format(Duration.ofDays(28))).isEqualTo("28d");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Durations.format(Duration.ofSeconds(45).plusMillis(300))).isEqualTo("45s");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0d");
    for (long s : new long[] {1, 59, 60, 61, 3600, 5400, 86_400, 90_061, 604_800}) {
      Duration d = Duration.ofSeconds(s);
      assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
  }
}
