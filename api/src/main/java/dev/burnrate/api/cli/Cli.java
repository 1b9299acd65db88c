package dev.burnrate.api.cli;

import static java.util.Objects.requireNonNull;
import static picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST;
import static picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST;
import static picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING;

import dev.burnrate.api.demo.DemoCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.IStyle;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.IParamLabelRenderer;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code burnrate} command line, on picocli. Exit codes: 0 success, 1 failure (invalid files, a
 * server that cannot start), 2 usage errors.
 */
public final class Cli {
  /** Returned by {@link #run} when the server is up and the process must keep running. */
  public static final int RUNNING = -1;

  /** Success. */
  public static final int OK = 0;

  /** The command ran and failed. */
  public static final int FAILED = 1;

  /** The command line was wrong. */
  public static final int USAGE = 2;

  private static final String COMMAND_OPTIONS = "commandOptions";

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  /** A command line writing to {@code out} and {@code err}, reading {@code env}. */
  public Cli(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
    this.env = Map.copyOf(env);
  }

  /** {@code burnrate} itself: without a command it prints the help, as a usage error. */
  @Command(
      name = "burnrate",
      customSynopsis = "burnrate <command> [options]",
      versionProvider = Cli.Version.class,
      commandListHeading = "%nCommands:%n",
      optionListHeading = "%nOptions:%n",
      resourceBundle = "dev.burnrate.api.cli.CommandLineText")
  static final class Burnrate implements Callable<Integer> {
    @CommandLine.Mixin HelpOption help;

    @Option(names = "--version", versionHelp = true)
    boolean version;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getErr());
      return USAGE;
    }
  }

  /** {@code burnrate version}, the command form of {@code --version}. */
  @Command(name = "version", hidden = true)
  static final class VersionCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getParent().printVersionHelp(spec.commandLine().getOut());
      return OK;
    }
  }

  /** The version line of {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"burnrate " + version()};
    }
  }

  /** Runs {@code args}; returns the exit code, or {@link #RUNNING} for a server that is up. */
  public int run(String[] args) {
    CommandLine line =
        new CommandLine(new Burnrate())
            .addSubcommand(new ServeCommand(env, out, err))
            .addSubcommand(new ValidateCommand(env, out, err))
            .addSubcommand(new DemoCommands.DemoCommand(env, out, err))
            .addSubcommand(new DemoCommands.TrafficCommand(env, out, err))
            .addSubcommand(new ReportCommand(env, out, err))
            .addSubcommand(new HealthCommand(env, out, err))
            .addSubcommand(new CommandLine.HelpCommand())
            .addSubcommand(new VersionCommand());
    line.setHelpFactory(Cli::spaceSeparatedHelp);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    line.setParameterExceptionHandler((e, given) -> usageError(e));
    line.setExecutionExceptionHandler(
        (e, where, parsed) -> {
          err.println("burnrate: " + e.getMessage());
          return FAILED;
        });
    line.setUsageHelpWidth(100);
    line.setUsageHelpLongOptionsMaxWidth(30);
    // After the command list, each command's options, so one page shows the whole command line;
    // then burnrate's own options.
    List<String> sections = new ArrayList<>(line.getHelpSectionKeys());
    List<String> own = List.of(SECTION_KEY_OPTION_LIST_HEADING, SECTION_KEY_OPTION_LIST);
    sections.removeAll(own);
    sections.add(sections.indexOf(SECTION_KEY_COMMAND_LIST) + 1, COMMAND_OPTIONS);
    sections.addAll(sections.indexOf(COMMAND_OPTIONS) + 1, own);
    line.setHelpSectionKeys(sections);
    line.getHelpSectionMap().put(COMMAND_OPTIONS, Cli::commandOptions);
    return line.execute(args);
  }

  private int usageError(ParameterException e) {
    err.println("burnrate: " + describe(e));
    err.println("Run 'burnrate --help' for usage.");
    return USAGE;
  }

  /** A usage error as one line, prefixed with the command it concerns. */
  static String describe(ParameterException e) {
    CommandLine where = e.getCommandLine();
    boolean top = where.getParent() == null;
    String prefix = top ? "" : where.getCommandName() + ": ";
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      if (arg.startsWith("-")) {
        return prefix + "unknown option " + arg;
      }
      return top ? "unknown command '" + arg + "'" : prefix + "unexpected argument '" + arg + "'";
    }
    if (e instanceof MissingParameterException m
        && !m.getMissing().isEmpty()
        && m.getMissing().get(0) instanceof OptionSpec option) {
      return prefix + option.longestName() + " needs a value";
    }
    return prefix + e.getMessage();
  }

  /** The options and parameters of every visible command, under its name. */
  private static String commandOptions(Help help) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, Help> sub : help.subcommands().entrySet()) {
      CommandLine.Model.CommandSpec spec = sub.getValue().commandSpec();
      List<OptionSpec> options =
          spec.options().stream().filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
      if (spec.usageMessage().hidden()
          || spec.name().equals("help")
          || (options.isEmpty() && spec.positionalParameters().isEmpty())) {
        continue;
      }
      Help h = sub.getValue();
      text.append(System.lineSeparator())
          .append(sub.getKey())
          .append(" options:")
          .append(System.lineSeparator())
          .append(h.parameterList(h.createDefaultLayout(), h.parameterLabelRenderer()))
          .append(
              h.optionListExcludingGroups(
                  options, h.createDefaultLayout(), null, h.parameterLabelRenderer()));
    }
    return text.toString();
  }

  /** Help that writes {@code --port N}, the way the docs do, though {@code --port=N} parses too. */
  private static Help spaceSeparatedHelp(
      CommandLine.Model.CommandSpec spec, Help.ColorScheme scheme) {
    return new Help(spec, scheme) {
      @Override
      public IParamLabelRenderer parameterLabelRenderer() {
        IParamLabelRenderer labels = super.parameterLabelRenderer();
        return new IParamLabelRenderer() {
          @Override
          public Text renderParameterLabel(ArgSpec arg, Ansi ansi, List<IStyle> styles) {
            Text label = labels.renderParameterLabel(arg, ansi, styles);
            String plain = label.plainString();
            return plain.startsWith("=") ? ansi.text(" " + plain.substring(1)) : label;
          }

          @Override
          public String separator() {
            return " ";
          }
        };
      }
    };
  }

  /** The options of {@code serve}, parsed. */
  record ServeOptions(Optional<Path> config, Map<String, Object> flags) {}

  /** Parses the options of {@code serve}; a {@link ParameterException} for a wrong one. */
  static ServeOptions parseServe(List<String> args) {
    ServeCommand serve = new ServeCommand(Map.of(), System.out, System.err);
    new CommandLine(serve).parseArgs(args.toArray(String[]::new));
    return serve.options();
  }

  /** The version from the build, or {@code dev} when run from classes. */
  static String version() {
    try (InputStream in = Cli.class.getResourceAsStream("/dev/burnrate/api/version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isBlank() && !v.startsWith("$")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through to the default
    }
    return "dev";
  }
}
