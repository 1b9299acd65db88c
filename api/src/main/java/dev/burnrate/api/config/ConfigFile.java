package dev.burnrate.api.config;

import dev.burnrate.api.config.ConfigKey.Type;
import dev.burnrate.bridge.BridgeSettings;
import dev.burnrate.yaml.Location;
import dev.burnrate.yaml.YamlDocuments;
import dev.burnrate.yaml.YamlException;
import dev.burnrate.yaml.YamlNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code burnrate.yaml}, read through the shared YAML reader into the values of its keys; every
 * problem names the file, line, column and key, and what the key allows.
 */
final class ConfigFile {
  private ConfigFile() {}

  /**
   * Puts the file's values into {@code values}, and where each came from into {@code origins};
   * relative paths are resolved against the file's directory.
   */
  static void read(Path file, Map<String, Object> values, Map<String, String> origins) {
    String label = file.toString();
    YamlNode root;
    try {
      root = YamlDocuments.read(label, Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new ConfigException(label + ": no such configuration file");
    } catch (IOException e) {
      throw new ConfigException(label + ": cannot read: " + e.getMessage());
    } catch (YamlException e) {
      throw new ConfigException(e.getMessage());
    }
    if (root.isNull()) {
      return;
    }
    Path base = file.toAbsolutePath().getParent();
    walk(base, root, "", values, origins);
  }

  private static void walk(
      Path base,
      YamlNode node,
      String section,
      Map<String, Object> values,
      Map<String, String> origins) {
    if (!node.isMapping()) {
      throw new ConfigException(
          at(node.location())
              + (section.isEmpty() ? "the file" : section)
              + ": expected a mapping of "
              + String.join(", ", ConfigSchema.children(section))
              + ", got "
              + describe(node));
    }
    List<YamlNode> repeated = node.duplicateKeys();
    if (!repeated.isEmpty()) {
      YamlNode first = repeated.get(0);
      throw new ConfigException(at(first.location()) + first.path() + ": duplicate key");
    }
    for (Map.Entry<String, YamlNode> entry : node.entries().entrySet()) {
      String path = section.isEmpty() ? entry.getKey() : section + "." + entry.getKey();
      YamlNode value = entry.getValue();
      Optional<ConfigKey> key = ConfigSchema.key(path);
      if (key.isPresent()) {
        if (!value.isNull()) {
          values.put(path, value(base, key.get(), value));
          origins.put(path, at(value.location()) + path);
        }
      } else if (ConfigSchema.isSection(path)) {
        if (!value.isNull()) {
          walk(base, value, path, values, origins);
        }
      } else {
        throw new ConfigException(
            at(value.keyLocation())
                + "unknown key "
                + path
                + " (known keys"
                + (section.isEmpty() ? "" : " under " + section)
                + ": "
                + String.join(", ", ConfigSchema.children(section))
                + ")");
      }
    }
  }

  private static Object value(Path base, ConfigKey key, YamlNode node) {
    switch (key.type()) {
      case BRIDGE -> {
        if (!node.isMapping()) {
          throw new ConfigException(
              at(node.location()) + key.path() + ": expected a mapping, got " + describe(node));
        }
        BridgeSettings bridge;
        try {
          bridge = BridgeSettings.fromNode(node);
        } catch (IllegalArgumentException e) {
          // The bridge names the file, line, column and key itself.
          throw new ConfigException(e.getMessage());
        }
        // Like every path in the file, the services file is relative to the file's directory.
        return bridge.servicesFile().isEmpty()
            ? bridge
            : withServicesFile(bridge, base.resolve(bridge.servicesFile().get()));
      }
      case PATH_LIST -> {
        List<YamlNode> items = node.isSequence() ? node.items() : List.of(node);
        List<Path> paths = new ArrayList<>();
        for (YamlNode item : items) {
          paths.add(base.resolve((Path) scalar(key, item, Type.PATH)));
        }
        return List.copyOf(paths);
      }
      case PATH -> {
        return base.resolve((Path) scalar(key, node, Type.PATH));
      }
      default -> {
        return scalar(key, node, key.type());
      }
    }
  }

  private static Object scalar(ConfigKey key, YamlNode node, Type as) {
    if (!node.isScalar()) {
      throw new ConfigException(
          at(node.location())
              + key.path()
              + ": expected "
              + key.expected()
              + ", got "
              + describe(node));
    }
    ConfigKey parseAs =
        as == key.type()
            ? key
            : new ConfigKey(key.path(), as, Optional.empty(), key.allowed(), key.description());
    try {
      return ConfigValues.parse(parseAs, node.scalarText());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at(node.location()) + key.path() + ": " + e.getMessage());
    }
  }

  private static BridgeSettings withServicesFile(BridgeSettings b, Path file) {
    // Through the settings' own copy, so a component added to them is never dropped here.
    return b.withServicesFile(Optional.of(file));
  }

  private static String describe(YamlNode node) {
    if (node.isMapping()) {
      return "a mapping";
    }
    return node.isSequence() ? "a list" : "\"" + node.scalarText() + "\"";
  }

  private static String at(Location location) {
    return location + ": ";
  }
}
