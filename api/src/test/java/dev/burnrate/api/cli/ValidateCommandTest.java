package dev.burnrate.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidateCommandTest {
  private static final Path DIR = Path.of("src/test/resources/slos/validate");

  private record Run(int exitCode, List<String> out, List<String> err) {}

  private static Run run(Path... paths) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ValidateCommand.run(
            List.of(paths),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, lines(out), lines(err));
  }

  private static List<String> lines(ByteArrayOutputStream s) {
    String text = s.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  @Test
  void groupedAndCompositeSlos_showTheirGroupingAndComponents() {
    Run r = run(DIR.resolve("grouped"));

    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .containsExactly(
            "checkout-routes service=checkout-routes objective=99.9% window=28d"
                + " budgeting=Occurrences sli=bad/total grouping=route,tenant",
            "search-availability service=search objective=99% window=30d budgeting=Occurrences"
                + " sli=bad/total",
            "shop-journey service=shop objective=99.5% window=30d budgeting=Occurrences"
                + " sli=bad/total composite=checkout-routes*2,search-availability*0.5",
            "valid: 3 SLOs, 0 errors, 0 warnings");
  }

  @Test
  void validFiles_exitZero_withOneLinePerSlo_andWarningsOnErr() {
    Run r = run(DIR.resolve("good"));

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .containsExactly(
            "payments-availability service=payments objective=99.95% "
                + "window=1M/calendar(Europe/Paris) budgeting=Timeslices(5m@90%) sli=bad/total",
            "payments-p99 service=payments objective=99% window=7d budgeting=Occurrences"
                + " sli=good/total not evaluable: the function histogram_quantile() is not"
                + " supported; Burnrate supports sums of rate(selector[range]) or"
                + " increase(selector[range]) (optionally inside sum, sum by or sum without),"
                + " their sum or difference (A - B), and for raw ratios A / B or 1 - (A / B) of"
                + " such sums",
            "search-availability service=search objective=99.9% window=30d budgeting=Occurrences"
                + " sli=bad/total",
            "valid: 3 SLOs, 0 errors, 1 warning");
    assertThat(r.err())
        .containsExactly(
            DIR.resolve("good/payments.yaml")
                + ":50:22: warning: spec.indicator.spec.ratioMetric.good.metricSource.spec.query:"
                + " the SLI is not evaluable by Burnrate: the function histogram_quantile() is not"
                + " supported; Burnrate supports sums of rate(selector[range]) or"
                + " increase(selector[range]) (optionally inside sum, sum by or sum without),"
                + " their sum or difference (A - B), and for raw ratios A / B or 1 - (A / B) of"
                + " such sums");
  }

  @Test
  void invalidFiles_exitOne_withEveryErrorAsFileLineColumn() {
    Run r = run(DIR.resolve("bad/broken.yaml"), DIR.resolve("bad/v2.yaml"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .containsExactly(
            "search-errors service=search objective=0.999% window=30d budgeting=Occurrences"
                + " sli=bad/total");
    assertThat(r.err())
        .containsExactly(
            DIR.resolve("bad/broken.yaml")
                + ":11:16: warning: slos[1].objective: Sloth objectives are percentages: this is"
                + " 0.999%; for 99.9% write 99.9",
            DIR.resolve("bad/broken.yaml")
                + ":8:101: slos[0].sli.events.error_query: invalid PromQL: expected ')' closing"
                + " sum( but found end of query",
            DIR.resolve("bad/v2.yaml")
                + ":1:13: apiVersion: unsupported apiVersion openslo.com/v2alpha (OpenSLO v2alpha, a"
                + " draft); "
                + "Burnrate reads OpenSLO (apiVersion: openslo/v1 or openslo/v1alpha), Sloth (version:"
                + " prometheus/v1, or apiVersion: sloth.slok.dev/v1 kind: PrometheusServiceLevel)"
                + " and Pyrra (apiVersion: pyrra.dev/v1alpha1 kind: ServiceLevelObjective)",
            "invalid: 1 SLO, 2 errors, 1 warning");
  }

  @Test
  void missingPath_exitsOne() {
    Run r = run(Path.of("does-not-exist.yaml"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .containsExactly(
            "does-not-exist.yaml:1:1: no such file or directory",
            "invalid: 0 SLOs, 1 error, 0 warnings");
  }

  @Test
  void noPaths_printsUsage_andExitsOne() {
    Run r = run();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).containsExactly("usage: burnrate validate FILE_OR_DIRECTORY...");
  }

  @Test
  void theExamplesShippedWithBurnrate_areValid_andEvaluable() {
    Run r = run(Path.of("../examples/slos"));

    assertThat(r.err()).isEmpty();
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .containsExactly(
            "catalog-availability service=catalog objective=99.5% window=30d"
                + " budgeting=Occurrences sli=bad/total",
            "catalog-latency service=catalog objective=95% window=30d budgeting=Occurrences"
                + " sli=bad/total",
            "checkout-availability service=checkout objective=99.9% window=30d"
                + " budgeting=Occurrences sli=bad/total",
            "checkout-latency service=checkout objective=99% window=28d budgeting=Occurrences"
                + " sli=good/total",
            "valid: 4 SLOs, 0 errors, 0 warnings");
  }
}
