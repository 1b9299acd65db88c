package dev.burnrate.api.cli;

import picocli.CommandLine.Option;

/** The {@code -h}/{@code --help} of every command, mixed in so it is declared once. */
final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true)
  boolean help;
}
