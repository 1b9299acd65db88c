package dev.burnrate.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** A load generator's {@code --name value} options over their defaults. */
public final class BenchOptions {
  private BenchOptions() {}

  /**
   * The defaults with the arguments' values put over them; exits with 2 on an unknown option or a
   * missing value.
   */
  public static Map<String, String> parse(Map<String, String> defaults, String[] args) {
    Map<String, String> options = new LinkedHashMap<>(defaults);
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].replaceFirst("^--", "");
      if (!options.containsKey(name) || i + 1 >= args.length) {
        System.err.println("unknown option or missing value: " + args[i] + "; options: " + options);
        System.exit(2);
      }
      options.put(name, args[i + 1]);
    }
    return options;
  }
}
