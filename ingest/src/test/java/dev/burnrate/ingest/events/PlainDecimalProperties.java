package dev.burnrate.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The decimal fast path against {@link Double#parseDouble}: the same double, bit for bit. */
class PlainDecimalProperties {

  private static double parse(String s) {
    return PlainDecimal.parse(s.toCharArray(), 0, s.length());
  }

  /** Parses in the middle of a larger buffer, as the parser's buffer is. */
  private static double parseInside(String s) {
    char[] buf = ("9." + s + "e7").toCharArray();
    return PlainDecimal.parse(buf, 2, s.length());
  }

  private static void assertSameAsParseDouble(String s) {
    double fast = parse(s);
    assertThat(Double.doubleToRawLongBits(parseInside(s)))
        .isEqualTo(Double.doubleToRawLongBits(fast));
    if (!Double.isNaN(fast)) {
      assertThat(Double.doubleToRawLongBits(fast))
          .as(s)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
    }
  }

  private static Gen<String> decimals() {
    Gen<String> intPart =
        Gen.oneOf(Gen.just("0"), Gen.numericStrings(1, 19).filter(d -> d.charAt(0) != '0'));
    Gen<String> fraction = Gen.numericStrings(0, 19);
    return r -> {
      String i = intPart.next(r);
      String f = fraction.next(r);
      return f.isEmpty() ? i : i + "." + f;
    };
  }

  @Test
  void givesTheDoubleParseDoubleGives_orDeclines() {
    PropertyRunner.forAll(5000, decimals(), PlainDecimalProperties::assertSameAsParseDouble);
  }

  @Test
  void readsEveryDecimalOfUpToFifteenDigits() {
    PropertyRunner.forAll(
        3000,
        Gen.longs(0, 999_999_999_999_999L),
        Gen.ints(0, 15),
        (digits, scale) -> {
          String s = new BigDecimal(java.math.BigInteger.valueOf(digits), scale).toPlainString();
          assertThat(parse(s)).as(s).isNotNaN();
          assertSameAsParseDouble(s);
        });
  }

  @Test
  void agreesOnRandomDoublesWrittenOut() {
    PropertyRunner.forAll(
        2000,
        Gen.doubles(),
        d -> {
          if (!Double.isFinite(d)) {
            return;
          }
          assertSameAsParseDouble(new BigDecimal(Math.abs(d)).toPlainString());
          assertSameAsParseDouble(Double.toString(Math.abs(d)));
        });
  }

  @Test
  void declinesOrAgrees_onAnyShortText() {
    PropertyRunner.forAll(
        2000,
        anyText(),
        s -> {
          double fast = parse(s);
          if (Double.isNaN(fast)) {
            return;
          }
          assertSameAsParseDouble(s);
        });
  }

  private static Gen<String> anyText() {
    return Gen.strings("0123456789.-+eE ", 0, 20);
  }

  @Test
  void boundaries() {
    assertThat(parse("0")).isEqualTo(0.0);
    assertThat(Double.doubleToRawLongBits(parse("0.000"))).isEqualTo(0L);
    assertThat(parse("431.7")).isEqualTo(431.7);
    assertThat(parse("9007199254740992")).isEqualTo(9007199254740992.0); // 2^53: exact
    assertThat(parse("9007199254740993")).isNaN(); // 2^53 + 1: parseDouble must round it
    assertThat(parse("900719925474099.3")).isNaN();
    assertThat(parse("0.12345678901234567")).isNaN();
    assertThat(parse("123456789012345678")).isNaN();
    assertThat(parse("1234567890123456789")).isNaN();
    for (String declined : new String[] {"", "-1", "+1", "1e3", "1E3", "1.", ".5", "1.2.3", "-0"}) {
      assertThat(parse(declined)).as(declined).isNaN();
    }
  }
}
