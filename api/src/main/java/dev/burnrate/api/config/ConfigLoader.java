package dev.burnrate.api.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link BurnrateConfig} from defaults, a YAML file, environment variables and flags, in
 * that order of precedence (flags win): the environment and the flags are laid over the file key by
 * key, then each section is bound from the source that wins. Unknown keys and values of the wrong
 * type fail with the file, line, column and key path, or the variable or flag that set them.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /**
   * Loads the configuration.
   *
   * @param file the YAML file, if any; relative paths in it are resolved against its directory
   * @param env the environment ({@code System.getenv()} in the server)
   * @param flags values from command-line flags by key path (for example {@code server.port}): as
   *     {@link #parseFlag} reads them (a number, a duration, a list of paths, text)
   * @throws ConfigException naming the source, key and problem
   */
  public static BurnrateConfig load(
      Optional<Path> file, Map<String, String> env, Map<String, ?> flags) {
    ConfigOverlay overlay = ConfigOverlay.of(file, env, flags);
    try {
      return ConfigBinder.bind(overlay, file);
    } catch (IllegalArgumentException e) {
      // A rule across keys (checked when the section is built) names its keys in the message.
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * Parses a duration as the configuration writes it ({@code 500ms}, {@code 10s}, {@code 5m}).
   *
   * @throws IllegalArgumentException saying what a duration looks like
   */
  public static Duration parseDuration(String text) {
    return ConfigValues.parseDuration(text);
  }

  /**
   * Parses a flag's text as the value of a key, for {@link #load}'s flags.
   *
   * @throws ConfigException naming the flag, when the text does not fit the key's type
   */
  public static Object parseFlag(String flag, String path, String text) {
    ConfigKey key =
        ConfigSchema.key(path)
            .orElseThrow(() -> new IllegalArgumentException("no configuration key " + path));
    try {
      return ConfigValues.parse(key, text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(flag + ": " + e.getMessage());
    }
  }
}
