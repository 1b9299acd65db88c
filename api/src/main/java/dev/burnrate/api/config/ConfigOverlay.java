package dev.burnrate.api.config;

import dev.burnrate.api.config.ConfigKey.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The file's settings with the environment and the flags laid over them, key by key, not yet read
 * as types: the binders read each key from the source that wins, through the typed accessors here,
 * and a value that does not fit fails naming that source, the key and what is allowed.
 */
final class ConfigOverlay {
  /** By key path, the setting of the source that wins; a key with no default may be absent. */
  private final Map<String, Setting> settings;

  private ConfigOverlay(Map<String, Setting> settings) {
    this.settings = settings;
  }

  /**
   * Defaults, then the file, then the environment, then the flags; a later source wins. The file's
   * values and the variables are checked as they are read, so a bad one fails even where a later
   * source replaces it, as the documentation says.
   */
  static ConfigOverlay of(Optional<Path> file, Map<String, String> env, Map<String, ?> flags) {
    Map<String, Setting> settings = new HashMap<>();
    for (ConfigKey key : ConfigSchema.keys()) {
      key.defaultText().ifPresent(t -> settings.put(key.path(), new Setting.Text(key.path(), t)));
    }
    file.ifPresent(f -> ConfigFile.read(f, settings));
    // The general rule first, then the short aliases, so an alias wins when both are set.
    for (ConfigKey key : ConfigSchema.keys()) {
      if (key.type() != Type.BRIDGE && env.get(key.envName()) != null) {
        putVariable(key.envName(), key, env.get(key.envName()), settings);
      }
    }
    for (Map.Entry<String, String> alias : ConfigSchema.ENV_ALIASES.entrySet()) {
      if (env.get(alias.getKey()) != null) {
        ConfigKey key = ConfigSchema.key(alias.getValue()).orElseThrow();
        putVariable(alias.getKey(), key, env.get(alias.getKey()), settings);
      }
    }
    for (Map.Entry<String, ?> flag : flags.entrySet()) {
      if (ConfigSchema.key(flag.getKey()).isEmpty()) {
        throw new IllegalArgumentException("no configuration key " + flag.getKey());
      }
      settings.put(flag.getKey(), flag(flag.getKey() + " (command line)", flag.getValue()));
    }
    return new ConfigOverlay(settings);
  }

  private static void putVariable(
      String variable, ConfigKey key, String text, Map<String, Setting> settings) {
    Setting.Text setting =
        new Setting.Text("environment variable " + variable + " (" + key.path() + ")", text);
    setting.check(key);
    settings.put(key.path(), setting);
  }

  /**
   * A flag's value, as {@link ConfigLoader#parseFlag} read it or a caller gave it, written back as
   * the text the key reads (a duration in the file's form), or a list of paths item by item.
   */
  private static Setting flag(String origin, Object value) {
    if (value instanceof List<?> list) {
      List<Path> paths = new ArrayList<>();
      for (Object item : list) {
        paths.add(item instanceof Path p ? p : Path.of(String.valueOf(item)));
      }
      return new Setting.Items(origin, paths);
    }
    return new Setting.Text(
        origin, value instanceof Duration d ? ConfigValues.format(d) : String.valueOf(value));
  }

  /** Where a key's value came from, as the start of an error message; the path for a default. */
  String origin(String path) {
    Setting s = settings.get(path);
    return s == null ? path : s.origin();
  }

  /** Whether a source other than the defaults set the key. */
  boolean isSet(String path) {
    return !origin(path).equals(path);
  }

  /** The key's setting, when a source or its default gives one. */
  Optional<Setting> setting(String path) {
    return Optional.ofNullable(settings.get(path));
  }

  // Typed reads of one key from the source that wins; a value that does not fit fails naming it.

  String text(String path) {
    return read(path, (k, s) -> s.scalar(k).trim());
  }

  Optional<String> optionalText(String path) {
    return readIfSet(path, (k, s) -> s.scalar(k).trim());
  }

  int integer(String path) {
    return read(path, (k, s) -> ConfigValues.integer(k, s.scalar(k)));
  }

  long longInteger(String path) {
    return read(path, (k, s) -> ConfigValues.longInteger(k, s.scalar(k)));
  }

  long bytes(String path) {
    return read(path, (k, s) -> ConfigValues.bytes(s.scalar(k)));
  }

  double number(String path) {
    return read(path, (k, s) -> ConfigValues.number(s.scalar(k)));
  }

  boolean bool(String path) {
    return read(path, (k, s) -> ConfigValues.bool(s.scalar(k)));
  }

  Duration duration(String path) {
    return read(path, (k, s) -> ConfigValues.duration(k, s.scalar(k)));
  }

  String choice(String path) {
    return read(path, (k, s) -> ConfigValues.choice(k, s.scalar(k)));
  }

  Path path(String path) {
    return read(path, (k, s) -> s.path(k));
  }

  Optional<Path> optionalPath(String path) {
    return readIfSet(path, (k, s) -> s.path(k));
  }

  List<Path> paths(String path) {
    return read(path, (k, s) -> s.paths(k));
  }

  private <T> Optional<T> readIfSet(String path, BiFunction<ConfigKey, Setting, T> as) {
    return settings.containsKey(path) ? Optional.of(read(path, as)) : Optional.empty();
  }

  private <T> T read(String path, BiFunction<ConfigKey, Setting, T> as) {
    ConfigKey key =
        ConfigSchema.key(path).orElseThrow(() -> new IllegalStateException("no key " + path));
    Setting setting = settings.get(path);
    if (setting == null) {
      throw new IllegalStateException(path + " has no default");
    }
    try {
      return as.apply(key, setting);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(setting.origin() + ": " + e.getMessage());
    }
  }
}
