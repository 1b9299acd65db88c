package dev.burnrate.api.slo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundingTest {
  @Test
  void floatNoise_inTheApiJson_becomesTheWholeNumberItIs() {
    assertThat(SloJson.number(-48.99999999999996)).isEqualTo(-49.0);
    assertThat(SloJson.number(10.000000000000009)).isEqualTo(10.0);
    assertThat(SloJson.number(0.1 + 0.2)).isEqualTo(0.3);
  }

  @Test
  void rounding_keepsTwelveSignificantDigits_andUndefinedNumbers() {
    assertThat(Rounding.round(0.99912345678912345)).isEqualTo(0.999123456789);
    assertThat(Rounding.round(123456789012345.0)).isEqualTo(123456789012000.0);
    assertThat(Rounding.round(1e-20 / 3)).isEqualTo(3.33333333333e-21);
    assertThat(Rounding.round(0.0)).isEqualTo(0.0);
    assertThat(Rounding.round(Double.NaN)).isNaN();
    assertThat(Rounding.round(Double.POSITIVE_INFINITY)).isInfinite();
    assertThat(SloJson.number(Double.NaN)).isNull();
  }
}
