package dev.burnrate.api.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code --name value} and {@code --name=value} options of a subcommand. */
final class CommandOptions {
  private CommandOptions() {}

  /**
   * The options of {@code command}, by name, in their order.
   *
   * @throws Cli.UsageException for an option not in {@code allowed}, an argument that is no option,
   *     or an option without a value
   */
  static Map<String, String> parse(String command, List<String> args, Set<String> allowed) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!allowed.contains(name)) {
        throw new Cli.UsageException(
            arg.startsWith("-")
                ? command + ": unknown option " + arg
                : command + ": unexpected argument '" + arg + "'");
      }
      if (value == null) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new Cli.UsageException(name + " needs a value");
        }
        value = args.get(++i);
      }
      options.put(name, value);
    }
    return options;
  }
}
