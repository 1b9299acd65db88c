package dev.burnrate.api.auth;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks presented tokens against the store and remembers the answers for a short time, so ingest
 * does not query the database on every request. A revocation on this node applies at once; other
 * nodes see it within the cache time.
 */
final class Authenticator {
  /** More entries than this and the cache starts over (random tokens must not grow it). */
  private static final int MAX_ENTRIES = 10_000;

  private record Entry(Optional<ApiToken> token, Instant expires) {}

  private final TokenStore store;
  private final Clock clock;
  private final Duration ttl;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

  Authenticator(TokenStore store, Clock clock, Duration ttl) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.ttl = requireNonNull(ttl, "ttl");
  }

  /** The cached answer for the token, if it is fresh; never blocks. */
  Optional<Optional<ApiToken>> cached(String presented) {
    Entry e = cache.get(key(presented));
    if (e == null || !clock.instant().isBefore(e.expires())) {
      return Optional.empty();
    }
    return Optional.of(e.token());
  }

  /** Looks the token up in the store and caches the answer; blocks on JDBC. */
  Optional<ApiToken> authenticate(String presented) throws SQLException {
    Optional<ApiToken> token = store.find(presented);
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(key(presented), new Entry(token, clock.instant().plus(ttl)));
    return token;
  }

  /** Forgets every cached answer, after a revocation. */
  void invalidate() {
    cache.clear();
  }

  private static String key(String presented) {
    return HexFormat.of().formatHex(TokenStore.hash(presented));
  }
}
