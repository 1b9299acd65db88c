package dev.burnrate.api;

import dev.burnrate.api.cli.Cli;

/**
 * The {@code burnrate} command: {@code serve}, {@code validate}, {@code --help}, {@code --version}.
 */
public final class Main {
  private Main() {}

  /** Runs the command and exits with its code; {@code serve} keeps running until stopped. */
  public static void main(String[] args) {
    Cli cli = new Cli(System.out, System.err, System.getenv());
    int code = cli.run(args);
    if (code != Cli.RUNNING) {
      System.out.flush();
      System.exit(code);
    }
  }
}
