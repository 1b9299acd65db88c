package dev.burnrate.api.cli;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.definition.Diagnostic;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloFiles;
import dev.burnrate.slo.definition.SloLoadResult;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.yaml.Durations;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The {@code burnrate validate FILE...} command: loads SLO files, prints one line per SLO, and
 * every warning and error as {@code file:line:column: message}.
 */
@Command(name = "validate")
final class ValidateCommand extends BurnrateCommand {
  @Parameters(paramLabel = "FILE", descriptionKey = "files", arity = "0..*")
  List<Path> paths = List.of();

  ValidateCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  @Override
  public Integer call() {
    if (paths.isEmpty()) {
      throw usageError("needs at least one SLO file or directory");
    }
    return run(paths, out, err);
  }

  /**
   * Validates the files and directories; returns the exit code, 0 when every file is valid and 1
   * otherwise.
   *
   * @param paths files or directories of SLO files
   * @param out receives one summary line per SLO and a final count
   * @param err receives the warnings and errors, one per line
   */
  static int run(List<Path> paths, PrintStream out, PrintStream err) {
    requireNonNull(paths, "paths");
    requireNonNull(out, "out");
    requireNonNull(err, "err");
    if (paths.isEmpty()) {
      err.println("usage: burnrate validate FILE_OR_DIRECTORY...");
      return 1;
    }
    SloLoadResult result = SloFiles.load(paths);
    for (SloSpec s : result.slos()) {
      out.println(summary(s));
    }
    for (Diagnostic d : result.warnings()) {
      err.println(d.format());
    }
    for (Diagnostic d : result.errors()) {
      err.println(d.format());
    }
    String counts =
        plural(result.slos().size(), "SLO")
            + ", "
            + plural(result.errors().size(), "error")
            + ", "
            + plural(result.warnings().size(), "warning");
    if (result.valid()) {
      out.println("valid: " + counts);
      return 0;
    }
    err.println("invalid: " + counts);
    return 1;
  }

  /**
   * One line describing an SLO, such as {@code checkout-availability service=checkout
   * objective=99.9% window=30d budgeting=Occurrences sli=bad/total}.
   */
  static String summary(SloSpec s) {
    StringBuilder sb =
        new StringBuilder(s.name())
            .append(" service=")
            .append(s.service())
            .append(" objective=")
            .append(percent(s.objective()))
            .append("% window=")
            .append(window(s.window()))
            .append(" budgeting=")
            .append(budgeting(s))
            .append(" sli=")
            .append(sliKind(s.sli().kind()));
    if (s.grouped()) {
      sb.append(" grouping=").append(String.join(",", s.grouping()));
    }
    if (s.composite()) {
      sb.append(" composite=");
      for (int i = 0; i < s.components().size(); i++) {
        SloSpec.Component c = s.components().get(i);
        sb.append(i == 0 ? "" : ",").append(c.slo()).append('*').append(decimal(c.weight()));
      }
    }
    s.sli().notEvaluableReason().ifPresent(r -> sb.append(" not evaluable: ").append(r));
    return sb.toString();
  }

  private static String decimal(double v) {
    return new BigDecimal(v).round(new MathContext(10)).stripTrailingZeros().toPlainString();
  }

  private static String percent(double objective) {
    return new BigDecimal(objective * 100)
        .round(new MathContext(10))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String window(TimeWindow w) {
    return switch (w) {
      case TimeWindow.Rolling r -> r.label();
      case TimeWindow.Calendar c -> c.label() + "/calendar(" + c.zone().getId() + ")";
    };
  }

  private static String budgeting(SloSpec s) {
    return switch (s.budgetingMethod()) {
      case OCCURRENCES -> "Occurrences";
      case TIMESLICES -> "Timeslices(" + timeSlices(s) + ")";
      case RATIO_TIMESLICES -> "RatioTimeslices(" + timeSlices(s) + ")";
    };
  }

  private static String timeSlices(SloSpec s) {
    return s.timeSlices()
        .map(t -> Durations.format(t.window()) + "@" + percent(t.target()) + "%")
        .orElse("");
  }

  private static String sliKind(Sli.Kind k) {
    return switch (k) {
      case GOOD_OVER_TOTAL -> "good/total";
      case BAD_OVER_TOTAL -> "bad/total";
      case RAW -> "raw";
      case THRESHOLD -> "threshold";
    };
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
