package dev.burnrate.bridge.internal.record;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A record kind's state enum: the API and the database write a state as its constant's name in
 * lower case, such as {@code on_hold}.
 */
public interface WireState {
  /** The constant's name, as {@link Enum#name()} gives it. */
  String name();

  /** The state as the API, the database and the outbox write it, such as {@code open}. */
  @JsonValue
  default String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The state of {@code type} that a wire name names.
   *
   * @throws IllegalArgumentException when it names none
   */
  static <E extends Enum<E> & WireState> E of(Class<E> type, String wire) {
    return Enum.valueOf(type, wire.toUpperCase(Locale.ROOT));
  }
}
