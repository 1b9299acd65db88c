package dev.burnrate.api.cli;

import picocli.CommandLine.Option;

/** The period of {@code burnrate report}: {@code --month}, or {@code --from} and {@code --to}. */
final class ReportPeriod {
  @Option(names = "--month", paramLabel = "YYYY-MM")
  String month;

  @Option(names = "--from", paramLabel = "DATE")
  String from;

  @Option(names = "--to", paramLabel = "DATE")
  String to;

  /** Whether the options name a period: a month, or both ends. */
  boolean given() {
    return month != null || (from != null && to != null);
  }

  /** The period in a file name: the month, or {@code FROM-to-TO}. */
  String label() {
    return month != null ? month : from + "-to-" + to;
  }
}
