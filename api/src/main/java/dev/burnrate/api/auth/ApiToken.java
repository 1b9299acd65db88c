package dev.burnrate.api.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * An API token as stored: never the token itself, only its id, name, scopes and dates.
 *
 * @param id the public id, used to revoke it
 * @param name what the token is for
 * @param scopes what it may do
 * @param createdAt when it was created
 * @param revokedAt when it was revoked, if it was
 * @param lastUsedAt when it was last checked against the store (at most {@code auth.cacheTtl}
 *     late), if ever
 */
public record ApiToken(
    String id,
    String name,
    Set<Scope> scopes,
    Instant createdAt,
    Optional<Instant> revokedAt,
    Optional<Instant> lastUsedAt) {

  /** Checks the token and copies its scopes. */
  public ApiToken {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(revokedAt, "revokedAt");
    requireNonNull(lastUsedAt, "lastUsedAt");
    scopes = Set.copyOf(scopes);
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("token " + id + " has no scope");
    }
  }

  /** Whether any of the token's scopes grants {@code needed}. */
  public boolean grants(Scope needed) {
    return scopes.stream().anyMatch(s -> s.grants(needed));
  }
}
