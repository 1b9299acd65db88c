package dev.burnrate.api.cli;

import picocli.CommandLine.Option;

/** The configuration a command reads to find the server: {@code --config} and {@code --port}. */
final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE")
  String config;

  @Option(names = "--port", paramLabel = "N")
  String port;
}
