package dev.burnrate.api.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a section's record from the overlay by the schema: each component reads the key of its name
 * under the section (or the key {@code renamed} gives it) as that key's type, so a section's record
 * and its keys cannot drift apart without a test failing. The record's constructor then checks the
 * rules across its keys.
 */
final class RecordBinder {
  private RecordBinder() {}

  /**
   * The record of type {@code type} for {@code section}.
   *
   * @param renamed the key under the section of a component whose name is not its key's, such as
   *     {@code tlsCert} for {@code tls.cert}
   * @throws ConfigException naming the key and the source of a value that does not fit
   */
  static <R extends Record> R bind(
      Class<R> type, String section, Map<String, String> renamed, ConfigOverlay o) {
    return bind(type, section, renamed, Optional.empty(), o);
  }

  /**
   * The record of type {@code type} for {@code section}, its components that have no key taken from
   * {@code template} (settings a module keeps to itself, or values derived from other keys).
   */
  static <R extends Record> R bind(Class<R> type, String section, R template, ConfigOverlay o) {
    return bind(type, section, Map.of(), Optional.of(template), o);
  }

  private static <R extends Record> R bind(
      Class<R> type,
      String section,
      Map<String, String> renamed,
      Optional<R> template,
      ConfigOverlay o) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        RecordComponent c = components[i];
        String path = section + "." + renamed.getOrDefault(c.getName(), c.getName());
        types[i] = c.getType();
        values[i] =
            template.isPresent() && ConfigSchema.key(path).isEmpty()
                ? c.getAccessor().invoke(template.get())
                : value(path, c.getType() == Optional.class, o);
        if (c.getType().isEnum() && values[i] instanceof String choice) {
          // An ENUM key's choice, in lower case, names a constant of the component's enum.
          values[i] =
              Arrays.stream(c.getType().getEnumConstants())
                  .filter(e -> ((Enum<?>) e).name().equalsIgnoreCase(choice))
                  .findFirst()
                  .orElseThrow(() -> new IllegalStateException(path + ": no constant " + choice));
        }
      }
      Constructor<R> constructor = type.getDeclaredConstructor(types);
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException checked) {
        throw checked;
      }
      throw new IllegalStateException(type.getSimpleName() + " cannot be built", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type.getSimpleName() + " has no canonical constructor", e);
    }
  }

  /** The key's value as its type reads it; an optional text is unset when blank. */
  private static Object value(String path, boolean optional, ConfigOverlay o) {
    ConfigKey key =
        ConfigSchema.key(path).orElseThrow(() -> new IllegalStateException("no key " + path));
    return switch (key.type()) {
      case STRING, SECRET ->
          optional ? o.optionalText(path).filter(s -> !s.isBlank()) : o.text(path);
      case INT -> o.integer(path);
      case LONG -> o.longInteger(path);
      case BYTES -> o.bytes(path);
      case DOUBLE -> o.number(path);
      case BOOLEAN -> o.bool(path);
      case DURATION -> o.duration(path);
      case PATH -> optional ? o.optionalPath(path) : o.path(path);
      case PATH_LIST -> o.paths(path);
      case ENUM -> o.choice(path);
      case BRIDGE -> throw new IllegalStateException(path + " is bound by the bridge");
    };
  }
}
