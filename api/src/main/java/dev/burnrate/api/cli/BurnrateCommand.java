package dev.burnrate.api.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * A {@code burnrate} command: its {@code --help}, the environment it reads and the streams it
 * writes to, declared once for every command.
 */
public abstract class BurnrateCommand implements Callable<Integer> {
  @CommandLine.Mixin HelpOption help = new HelpOption();

  /** The command as picocli parsed it. */
  @CommandLine.Spec protected CommandLine.Model.CommandSpec spec;

  /** The environment variables the command reads. */
  protected final Map<String, String> env;

  /** Where the command's results go. */
  protected final PrintStream out;

  /** Where the command's progress and errors go. */
  protected final PrintStream err;

  /** A command reading {@code env} and writing to {@code out} and {@code err}. */
  protected BurnrateCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = requireNonNull(env, "env");
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
  }

  /** A usage error of this command (exit code 2), worded as {@code message}. */
  protected final ParameterException usageError(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
