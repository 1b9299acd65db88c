package dev.burnrate.slo.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromQlTest {

  private static List<String> terms(SliQuery q) {
    return q.terms().stream().map(t -> (t.sign() > 0 ? "+" : "-") + t.selector()).toList();
  }

  @Test
  void sumOfRate_withSlothWindowPlaceholder_isOneTerm() {
    SliQuery q =
        PromQl.parseCounterSum(
            "sum(rate(http_requests_total{job=\"api\",code=~\"5..\"}[{{.window}}]))");

    assertThat(terms(q)).containsExactly("+http_requests_total{job=\"api\",code=~\"5..\"}");
  }

  @Test
  void theSameQueryParsedTwice_isEqual_regexMatchersIncluded() {
    String text = "sum(rate(http_requests_total{job=\"api\",code=~\"5..\"}[5m]))";

    assertThat(PromQl.parseCounterSum(text)).isEqualTo(PromQl.parseCounterSum(text));
    assertThat(LabelMatcher.of("code", MatchOp.RE, "5.."))
        .hasSameHashCodeAs(LabelMatcher.of("code", MatchOp.RE, "5.."))
        .isNotEqualTo(LabelMatcher.of("code", MatchOp.NRE, "5.."))
        .isNotEqualTo(LabelMatcher.of("code", MatchOp.RE, "4.."));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sum(rate(a_total[{{ .window }}]))",
        "sum(increase(a_total[30d]))",
        "sum by (code, route) (rate(a_total[5m]))",
        "sum without (instance) (rate(a_total[1h30m]))",
        "sum(rate(a_total[5m])) by (code)",
        "rate(a_total[5m])",
        "increase(a_total[{{.window}}])",
        "((sum(rate(a_total[5m]))))",
        "sum(rate({__name__=\"a_total\"}[5m]))",
      })
  void acceptedForms_giveTheCounter(String query) {
    assertThat(terms(PromQl.parseCounterSum(query))).containsExactly("+a_total");
  }

  @Test
  void allFourMatchOperators_areKeptInOrder() {
    SliQuery q =
        PromQl.parseCounterSum("sum(rate(x_total{a=\"1\", b!=\"2\", c=~\"3|4\", d!~'5.*'}[5m]))");

    Selector s = q.terms().get(0).selector();
    assertThat(s.matchers())
        .extracting(LabelMatcher::op)
        .containsExactly(MatchOp.EQ, MatchOp.NE, MatchOp.RE, MatchOp.NRE);
    assertThat(s.matches("x_total", Map.of("a", "1", "b", "3", "c", "4", "d", "6"))).isTrue();
    assertThat(s.matches("x_total", Map.of("a", "1", "b", "3", "c", "4", "d", "55"))).isFalse();
  }

  @Test
  void quotedMetricAndLabelNames_ofPrometheus3_areSelectors() {
    SliQuery q =
        PromQl.parseCounterSum(
            "sum(rate({\"http.server.requests\", \"http.route\"=\"/pay\"}[5m]))");

    Selector s = q.terms().get(0).selector();
    assertThat(s.metricName()).isEqualTo("http.server.requests");
    assertThat(s.matches("http.server.requests", Map.of("http.route", "/pay"))).isTrue();
  }

  @Test
  void goStringEscapes_areDecoded() {
    SliQuery q =
        PromQl.parseCounterSum(
            "rate(a{x=\"\\x41\\101\\u00e9\", code=~\"5\\\\d\\\\d\", r=`5\\d`}[5m])");

    Selector s = q.terms().get(0).selector();
    assertThat(s.matchers())
        .extracting(LabelMatcher::value)
        .containsExactly("AA\u00e9", "5\\d\\d", "5\\d");
    assertThat(s.matches("a", Map.of("x", "AA\u00e9", "code", "503", "r", "5\\d"))).isTrue();
  }

  @Test
  void difference_givesSignedTerms() {
    SliQuery q =
        PromQl.parseCounterSum(
            "sum(rate(req_total[{{.window}}])) - sum(rate(req_total{code=~\"2..\"}[{{.window}}]))");

    assertThat(terms(q)).containsExactly("+req_total", "-req_total{code=~\"2..\"}");
  }

  @Test
  void nestedDifferenceInParentheses_flipsSigns() {
    SliQuery q = PromQl.parseCounterSum("sum(rate(a[5m])) - (sum(rate(b[5m])) - rate(c[5m]))");

    assertThat(terms(q)).containsExactly("+a", "-b", "+c");
  }

  @Test
  void histogramBucket_isASelectorOnLe() {
    SliQuery q =
        PromQl.parseCounterSum(
            "sum(rate(http_server_request_duration_seconds_bucket{service=\"checkout\","
                + "le=\"0.25\"}[{{.window}}]))");

    Selector s = q.terms().get(0).selector();
    assertThat(s.metricName()).isEqualTo("http_server_request_duration_seconds_bucket");
    assertThat(s.matches(s.metricName(), Map.of("service", "checkout", "le", "0.25"))).isTrue();
    assertThat(s.matches(s.metricName(), Map.of("service", "checkout", "le", "0.5"))).isFalse();
  }

  @Test
  void bareSelector_isACounter_onlyWhenAsked() {
    assertThat(terms(PromQl.parseCounterSum("sum(requests_total{code=\"200\"})", true)))
        .containsExactly("+requests_total{code=\"200\"}");

    PromQlException e =
        catchThrowableOfType(
            PromQlException.class, () -> PromQl.parseCounterSum("requests_total", false));
    assertThat(e.unsupported()).isTrue();
    assertThat(e.reason()).contains("wrap it in rate(requests_total[{{.window}}])");
  }

  @Test
  void ratio_splitsNumeratorAndDenominator() {
    PromQl.Ratio r =
        PromQl.parseRatio(
            "sum(rate(req_total{code=~\"5..\"}[{{.window}}]))\n/\nsum(rate(req_total[{{.window}}]))");

    assertThat(terms(r.numerator())).containsExactly("+req_total{code=~\"5..\"}");
    assertThat(terms(r.denominator())).containsExactly("+req_total");
    assertThat(r.numerator().text()).isEqualTo("sum(rate(req_total{code=~\"5..\"}[{{.window}}]))");
    assertThat(r.denominator().text()).isEqualTo("sum(rate(req_total[{{.window}}]))");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "histogram_quantile(0.99, sum(rate(x_bucket[5m])) by (le))|0|the function"
            + " histogram_quantile() is not supported",
        "sum(rate(a[5m] offset 1h))|9|the offset modifier is not supported",
        "sum(rate(a[5m] @ 1609746000))|9|the @ modifier is not supported",
        "sum(rate(a[5m])) * 2|17|the operator '*' is not supported here",
        "sum(rate(a[5m])) / sum(rate(b[5m]))|17|the operator '/' is not supported here",
        "avg(rate(a[5m]))|0|the aggregation avg() is not supported",
        "topk(3, rate(a[5m]))|0|the aggregation topk() is not supported",
        "sum(irate(a[5m]))|4|the function irate() is not supported",
        "sum(rate(a[5m])) > 0|17|the operator '>' is not supported here",
        "sum(rate(a[5m])) + on(job) sum(rate(b[5m]))|17|vector matching",
        "42|0|the number 42 is not supported",
        "rate(a[5m:1m])|5|subqueries are not supported",
        "sum(rate(x_bucket{le!=\"0.25\"}[5m]))|9|a histogram bucket must be chosen",
        "sum(a[5m])|4|a range vector outside rate() or increase() is not supported",
      })
  void validPromQlOutsideTheSubset_isUnsupported_withItsColumn(
      String query, int offset, String reason) {
    PromQlException e =
        catchThrowableOfType(PromQlException.class, () -> PromQl.parseCounterSum(query));

    assertThat(e.unsupported()).isTrue();
    assertThat(e.offset()).isEqualTo(offset);
    assertThat(e.reason()).startsWith(reason).contains("Burnrate supports");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "sum(rate(a[5m])|15|expected ')'",
        "sum(rate(a{code=\"5\"[5m]))|19|expected ',' or '}' in a selector",
        "rate(a{code=5}[5m])|12|expected a quoted label value but found '5'",
        "sum(rate(a[five]))|11|expected a duration",
        "sum(rate(a[{{.windw}}]))|11|unknown template placeholder",
        "frobnicate(a[5m])|0|unknown function frobnicate()",
        "rate(a)|5|rate() needs a range vector such as a[{{.window}}]",
        "sum(rate(a[5m]) +)|17|expected an expression",
        "''|0|the query is empty",
        "rate(a{code=~\"(\"}[5m])|13|invalid regular expression for label code",
        "sum(rate(a[5m])) bogus|17|unexpected 'bogus' after the expression",
        "rate(a{x=\"\\d\"}[5m])|10|invalid escape \\d",
      })
  void textThatIsNotPromQl_isASyntaxError_withItsColumn(String query, int offset, String reason) {
    PromQlException e =
        catchThrowableOfType(PromQlException.class, () -> PromQl.parseCounterSum(query));

    assertThat(e.unsupported()).isFalse();
    assertThat(e.offset()).isEqualTo(offset);
    assertThat(e.reason()).startsWith(reason);
  }

  @Test
  void ratioOfSomethingElse_isUnsupported() {
    PromQlException e =
        catchThrowableOfType(
            PromQlException.class, () -> PromQl.parseRatio("slo:sli_error:ratio_rate5m"));

    assertThat(e.unsupported()).isTrue();
    assertThat(e.reason())
        .startsWith(
            "a ratio query must be A / B or 1 - (A / B) where A and B count events, but this is the"
                + " selector"
                + " slo:sli_error:ratio_rate5m");
  }

  @Test
  void oneMinusRatio_isTheComplement() {
    PromQl.Ratio r =
        PromQl.parseRatio("1 - (sum(rate(x_bucket{le=\"0.5\"}[5m])) / sum(rate(x_count[5m])))");

    assertThat(terms(r.numerator())).containsExactly("+x_count", "-x_bucket{le=\"0.5\"}");
    assertThat(terms(r.denominator())).containsExactly("+x_count");
    assertThat(r.numerator().text())
        .isEqualTo("(sum(rate(x_count[5m]))) - (sum(rate(x_bucket{le=\"0.5\"}[5m])))");
  }

  @Test
  void deeplyNestedQuery_isRefused_withoutOverflowingTheStack() {
    String query = "(".repeat(100_000) + "rate(a[5m])" + ")".repeat(100_000);

    PromQlException e =
        catchThrowableOfType(PromQlException.class, () -> PromQl.parseCounterSum(query));

    assertThat(e.unsupported()).isFalse();
    assertThat(e.reason()).isEqualTo("the query nests deeper than 100 levels");
  }

  @Test
  void randomText_givesAQueryOrAPromQlException_only() {
    String[] pieces = {
      "sum",
      "rate",
      "increase",
      "(",
      ")",
      "[",
      "]",
      "{",
      "}",
      "a_total",
      "le",
      "=",
      "!=",
      "=~",
      "!~",
      "\"x\"",
      "'y'",
      "`z`",
      ",",
      "5m",
      "{{.window}}",
      "{{",
      "}}",
      "-",
      "+",
      "/",
      "*",
      "by",
      "without",
      "offset",
      "@",
      ":",
      "1",
      "0x1f",
      ".5",
      "#",
      " ",
      "\n",
      "\\",
      "\""
    };
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 5000; i++) {
      StringBuilder q = new StringBuilder();
      int n = 1 + random.nextInt(14);
      for (int j = 0; j < n; j++) {
        q.append(pieces[random.nextInt(pieces.length)]);
      }
      try {
        PromQl.parseCounterSum(q.toString(), random.nextBoolean());
        PromQl.parseRatio(q.toString());
      } catch (PromQlException e) {
        assertThat(e.offset()).as(q.toString()).isBetween(0, q.length());
      }
    }
  }

  @Test
  void exceptionMessage_namesTheColumn() {
    PromQlException e =
        catchThrowableOfType(PromQlException.class, () -> PromQl.parseCounterSum("rate(a[5m]"));

    assertThat(e).hasMessageStartingWith("expected ')'").hasMessageContaining("(at column 11");
  }
}
