package dev.burnrate.api.config;

import static java.util.Objects.requireNonNull;

import dev.burnrate.yaml.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one source says about one key, not yet read as the key's type: a node of the file, the text
 * of an environment variable or flag, a flag's list, or the key's default. The overlay keeps the
 * setting of the source that wins; the binders read it, and its origin starts every message.
 */
sealed interface Setting {

  /** Where the value came from, as the start of an error message about it. */
  String origin();

  /** The value as one scalar's text. */
  String scalar(ConfigKey key);

  /** The value as a path; a path in the file is relative to the file's directory. */
  Path path(ConfigKey key);

  /** The value as a list of paths. */
  List<Path> paths(ConfigKey key);

  /**
   * Reads the value as the key's type and drops it, so a bad value fails where it is given even
   * when a later source replaces it; binding reads it again from the source that wins.
   */
  default void check(ConfigKey key) {
    try {
      switch (key.type()) {
        case BRIDGE -> {}
        case PATH -> path(key);
        case PATH_LIST -> paths(key);
        default -> ConfigValues.parse(key, scalar(key));
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(origin() + ": " + e.getMessage());
    }
  }

  /** A value of {@code burnrate.yaml}, relative paths resolved against {@code base}. */
  record InFile(YamlNode node, Path base) implements Setting {
    /** Checks the value. */
    public InFile {
      requireNonNull(node, "node");
      requireNonNull(base, "base");
    }

    @Override
    public String origin() {
      return node.location() + ": " + node.path();
    }

    @Override
    public String scalar(ConfigKey key) {
      return scalarOf(key, node);
    }

    @Override
    public Path path(ConfigKey key) {
      return base.resolve(ConfigValues.path(scalar(key)));
    }

    @Override
    public List<Path> paths(ConfigKey key) {
      List<Path> paths = new ArrayList<>();
      for (YamlNode item : node.isSequence() ? node.items() : List.of(node)) {
        String text = scalarOf(key, item);
        try {
          paths.add(base.resolve(ConfigValues.path(text)));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(item.location() + ": " + key.path() + ": " + e.getMessage());
        }
      }
      return List.copyOf(paths);
    }

    private static String scalarOf(ConfigKey key, YamlNode node) {
      if (!node.isScalar()) {
        throw new ConfigException(
            node.location()
                + ": "
                + key.path()
                + ": expected "
                + key.expected()
                + ", got "
                + ConfigFile.describe(node));
      }
      return node.scalarText();
    }
  }

  /**
   * The text of an environment variable, a flag or a default; a list is written with commas.
   *
   * @param origin such as {@code environment variable BURNRATE_PORT (server.port)}
   * @param text the text as given
   */
  record Text(String origin, String text) implements Setting {
    /** Checks the value. */
    public Text {
      requireNonNull(origin, "origin");
      requireNonNull(text, "text");
    }

    @Override
    public String scalar(ConfigKey key) {
      return text;
    }

    @Override
    public Path path(ConfigKey key) {
      return ConfigValues.path(text);
    }

    @Override
    public List<Path> paths(ConfigKey key) {
      return ConfigValues.paths(text);
    }
  }

  /**
   * A flag that gives a list of paths, one item each (a path may hold a comma).
   *
   * @param origin such as {@code slos.paths (command line)}
   * @param items the paths as given
   */
  record Items(String origin, List<Path> items) implements Setting {
    /** Checks the value and copies the items. */
    public Items {
      requireNonNull(origin, "origin");
      items = List.copyOf(items);
    }

    @Override
    public String scalar(ConfigKey key) {
      throw new ConfigException(origin + ": expected " + key.expected() + ", got a list");
    }

    @Override
    public Path path(ConfigKey key) {
      return ConfigValues.path(scalar(key));
    }

    @Override
    public List<Path> paths(ConfigKey key) {
      return items;
    }
  }
}
