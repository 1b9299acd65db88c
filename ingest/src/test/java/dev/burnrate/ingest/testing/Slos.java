package dev.burnrate.ingest.testing;

import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.SourceLocation;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.slo.promql.LabelMatcher;
import dev.burnrate.slo.promql.MatchOp;
import dev.burnrate.slo.promql.Selector;
import dev.burnrate.slo.promql.SliQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SLO specs for tests, built from selector text such as {@code a_total{code=~"5.."}}. */
public final class Slos {
  private static final Pattern MATCHER =
      Pattern.compile(
          "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

  private Slos() {}

  /** A selector from its PromQL text (no escapes beyond \" are needed in tests). */
  public static Selector selector(String text) {
    int brace = text.indexOf('{');
    if (brace < 0) {
      return new Selector(text.trim(), List.of());
    }
    String name = text.substring(0, brace).trim();
    String body = text.substring(brace + 1, text.lastIndexOf('}'));
    List<LabelMatcher> matchers = new ArrayList<>();
    Matcher m = MATCHER.matcher(body);
    int pos = 0;
    while (pos < body.length() && m.find(pos) && m.start() == pos) {
      MatchOp op =
          switch (m.group(2)) {
            case "=" -> MatchOp.EQ;
            case "!=" -> MatchOp.NE;
            case "=~" -> MatchOp.RE;
            default -> MatchOp.NRE;
          };
      matchers.add(LabelMatcher.of(m.group(1), op, m.group(3).replace("\\\"", "\"")));
      pos = m.end();
    }
    if (!body.substring(pos).isBlank()) {
      throw new IllegalArgumentException("cannot parse matchers: " + body.substring(pos));
    }
    return new Selector(name, matchers);
  }

  /** A query of terms: each a selector text, prefixed with "-" to subtract it. */
  public static SliQuery query(String... terms) {
    List<SliQuery.Term> out = new ArrayList<>();
    for (String t : terms) {
      int sign = t.startsWith("-") ? -1 : 1;
      out.add(new SliQuery.Term(sign, selector(sign < 0 ? t.substring(1) : t)));
    }
    return new SliQuery(String.join(" + ", terms), out);
  }

  /** An SLO of good over total. */
  public static SloSpec goodOverTotal(String name, SliQuery good, SliQuery total) {
    return slo(name, Sli.goodOverTotal(good, total));
  }

  /** An SLO of bad over total. */
  public static SloSpec badOverTotal(String name, SliQuery bad, SliQuery total) {
    return slo(name, Sli.badOverTotal(bad, total));
  }

  private static SloSpec slo(String name, Sli sli) {
    return new SloSpec(
        name,
        "svc",
        "",
        0.99,
        new TimeWindow.Rolling(Duration.ofDays(30)),
        BudgetingMethod.OCCURRENCES,
        Optional.empty(),
        sli,
        Optional.empty(),
        Map.of(),
        SourceLocation.unknown(),
        List.of(),
        List.of());
  }
}
