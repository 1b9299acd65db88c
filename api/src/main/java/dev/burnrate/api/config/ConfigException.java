package dev.burnrate.api.config;

/** A configuration that cannot be used; the message names the source, the key and the problem. */
public final class ConfigException extends RuntimeException {

  /** A configuration error with a message a person can act on. */
  public ConfigException(String message) {
    super(message);
  }
}
