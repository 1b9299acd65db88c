package dev.burnrate.api.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One configuration key: its dotted path in the file, its type, its default and its documentation.
 *
 * @param path the dotted path, such as {@code server.port}
 * @param type how values are read
 * @param defaultText the value, written as in the file, when no source sets it (empty: unset)
 * @param allowed for {@link Type#ENUM}, the allowed values
 * @param description one sentence for the documentation
 */
record ConfigKey(
    String path,
    Type type,
    Optional<String> defaultText,
    List<String> allowed,
    String description) {

  /** The value types a key can have. */
  enum Type {
    STRING("a string"),
    SECRET("a string"),
    INT("an integer"),
    LONG("an integer"),
    DOUBLE("a number"),
    BOOLEAN("true or false"),
    DURATION("a duration such as 500ms, 10s, 5m, 1h, 1d"),
    BYTES("a size such as 512KiB, 16MiB or a number of bytes"),
    PATH("a file path"),
    PATH_LIST("a list of file or directory paths"),
    ENUM("one of"),
    BRIDGE("a mapping (the incident bridge's section)");

    final String expected;

    Type(String expected) {
      this.expected = expected;
    }
  }

  ConfigKey {
    requireNonNull(path, "path");
    requireNonNull(type, "type");
    requireNonNull(defaultText, "defaultText");
    allowed = List.copyOf(allowed);
    requireNonNull(description, "description");
    if (type == Type.ENUM && allowed.isEmpty()) {
      throw new IllegalArgumentException("enum key " + path + " needs allowed values");
    }
  }

  /**
   * The environment variable of the general rule: {@code BURNRATE_} and the path in upper snake
   * case, so {@code server.port} is {@code BURNRATE_SERVER_PORT} and {@code engine.tickInterval} is
   * {@code BURNRATE_ENGINE_TICK_INTERVAL}.
   */
  String envName() {
    StringBuilder b = new StringBuilder("BURNRATE_");
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.') {
        b.append('_');
      } else if (Character.isUpperCase(c)) {
        b.append('_').append(c);
      } else {
        b.append(Character.toUpperCase(c));
      }
    }
    return b.toString().toUpperCase(Locale.ROOT);
  }

  /** What a value of this key looks like, for error messages. */
  String expected() {
    return type == Type.ENUM ? "one of " + String.join(", ", allowed) : type.expected;
  }
}
