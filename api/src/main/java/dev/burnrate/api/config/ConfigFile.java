package dev.burnrate.api.config;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code burnrate.yaml}, read through the shared YAML reader into the settings of its keys; every
 * problem names the file, line, column and key, and what the key allows.
 */
final class ConfigFile {
  private ConfigFile() {}

  /**
   * Puts the setting of each key the file sets into {@code settings}, over what is there, checked
   * in file order: unknown keys, repeated keys, values where a section belongs and values a key
   * does not allow fail here.
   */
  static void read(Path file, Map<String, Setting> settings) {
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
    // Relative paths in the file are relative to its directory.
    walk(file.toAbsolutePath().getParent(), root, "", settings);
  }

  private static void walk(
      Path base, YamlNode node, String section, Map<String, Setting> settings) {
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
          Setting setting = new Setting.InFile(value, base);
          setting.check(key.get());
          settings.put(path, setting);
        }
      } else if (ConfigSchema.isSection(path)) {
        if (!value.isNull()) {
          walk(base, value, path, settings);
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

  /**
   * The bridge's section as its settings, the services file resolved against the file's directory
   * like every path in the file.
   */
  static BridgeSettings bridge(Setting.InFile setting) {
    YamlNode node = setting.node();
    if (!node.isMapping()) {
      throw new ConfigException(
          at(node.location()) + node.path() + ": expected a mapping, got " + describe(node));
    }
    BridgeSettings bridge;
    try {
      bridge = BridgeSettings.fromNode(node);
    } catch (IllegalArgumentException e) {
      // The bridge names the file, line, column and key itself.
      throw new ConfigException(e.getMessage());
    }
    // Through the settings' own copy, so a component added to them is never dropped here.
    return bridge.servicesFile().isEmpty()
        ? bridge
        : bridge.withServicesFile(Optional.of(setting.base().resolve(bridge.servicesFile().get())));
  }

  /** The kind of a value, for messages: a mapping, a list, or the scalar's text in quotes. */
  static String describe(YamlNode node) {
    if (node.isMapping()) {
      return "a mapping";
    }
    return node.isSequence() ? "a list" : "\"" + node.scalarText() + "\"";
  }

  private static String at(Location location) {
    return location + ": ";
  }
}
