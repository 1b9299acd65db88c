package dev.burnrate.ingest.db;

/**
 * The database could not be reached or logged into; the message names the host, port, database and
 * user, never the password.
 */
public final class DatabaseUnavailableException extends RuntimeException {

  /** An error with a message a person can act on and the driver's cause. */
  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
