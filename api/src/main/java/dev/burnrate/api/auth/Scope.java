package dev.burnrate.api.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a token may do: send data, read, change, or manage tokens. */
public enum Scope {
  /** Send metrics and events to the ingest endpoints. */
  INGEST,
  /** Read SLOs, incidents and everything else under {@code /api/v1}. */
  READ,
  /** Change things under {@code /api/v1} (implies read). */
  WRITE,
  /** Manage tokens (implies every other scope). */
  ADMIN;

  /** The lower-case name used in the API and the database. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a token with this scope may do what {@code needed} allows. */
  public boolean grants(Scope needed) {
    return this == needed || this == ADMIN || (this == WRITE && needed == READ);
  }

  /** The scope with this id, if there is one. */
  public static Optional<Scope> of(String id) {
    return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
  }
}
