package dev.burnrate.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

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

  @Provide
  Arbitrary<String> decimals() {
    Arbitrary<String> intPart =
        Arbitraries.oneOf(
            Arbitraries.just("0"),
            Arbitraries.strings()
                .numeric()
                .ofMinLength(1)
                .ofMaxLength(19)
                .filter(d -> d.charAt(0) != '0'));
    Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(19);
    return Combinators.combine(intPart, fraction).as((i, f) -> f.isEmpty() ? i : i + "." + f);
  }

  @Property(tries = 5000)
  void givesTheDoubleParseDoubleGives_orDeclines(@ForAll("decimals") String s) {
    assertSameAsParseDouble(s);
  }

  @Property(tries = 3000)
  void readsEveryDecimalOfUpToFifteenDigits(
      @ForAll @LongRange(min = 0, max = 999_999_999_999_999L) long digits,
      @ForAll @IntRange(min = 0, max = 15) int scale) {
    String s = new BigDecimal(java.math.BigInteger.valueOf(digits), scale).toPlainString();
    assertThat(parse(s)).as(s).isNotNaN();
    assertSameAsParseDouble(s);
  }

  @Property(tries = 2000)
  void agreesOnRandomDoublesWrittenOut(@ForAll double d) {
    if (!Double.isFinite(d)) {
      return;
    }
    assertSameAsParseDouble(new BigDecimal(Math.abs(d)).toPlainString());
    assertSameAsParseDouble(Double.toString(Math.abs(d)));
  }

  @Property(tries = 2000)
  void declinesOrAgrees_onAnyShortText(@ForAll("anyText") String s) {
    double fast = parse(s);
    if (Double.isNaN(fast)) {
      return;
    }
    assertSameAsParseDouble(s);
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.strings().withChars("0123456789.-+eE ").ofMinLength(0).ofMaxLength(20);
  }

  @Example
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
