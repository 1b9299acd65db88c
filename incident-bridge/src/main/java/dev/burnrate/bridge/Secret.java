package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

/**
 * A credential (API token, password, routing key, signing key) whose {@code toString} never shows
 * the value, so it cannot leak into logs, error messages or API responses.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = requireNonNull(value, "value");
  }

  /** Wraps a credential. */
  public static Secret of(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("a secret must not be empty");
    }
    return new Secret(value);
  }

  /** The credential itself; call only where it is sent to the tool it belongs to. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "***";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
