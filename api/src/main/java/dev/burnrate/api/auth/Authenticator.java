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
 *
 * <p>Known and unknown tokens are cached apart: anyone can present unknown tokens without end, so
 * their answers live in their own bounded cache, and a flood of them never evicts a real token.
 */
final class Authenticator {
  /** More known tokens than this and their cache starts over (only real tokens land there). */
  static final int MAX_KNOWN = 10_000;

  /** More unknown tokens than this and their cache starts over. */
  static final int MAX_UNKNOWN = 10_000;

  /** Looks a presented token up in the store; blocks. */
  @FunctionalInterface
  interface Lookup {
    /** The live token with this secret, if there is one. */
    Optional<ApiToken> find(String presented) throws SQLException;
  }

  private record Entry(Optional<ApiToken> token, Instant expires) {}

  private final Lookup store;
  private final Clock clock;
  private final Duration ttl;
  private final ConcurrentHashMap<String, Entry> known = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Entry> unknown = new ConcurrentHashMap<>();

  Authenticator(Lookup store, Clock clock, Duration ttl) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.ttl = requireNonNull(ttl, "ttl");
  }

  /** The cached answer for the token, if it is fresh; never blocks. */
  Optional<Optional<ApiToken>> cached(String presented) {
    String key = key(presented);
    Instant now = clock.instant();
    Entry e = known.get(key);
    if (e == null) {
      e = unknown.get(key);
    }
    if (e == null || !now.isBefore(e.expires())) {
      return Optional.empty();
    }
    return Optional.of(e.token());
  }

  /** Looks the token up in the store and caches the answer; blocks on JDBC. */
  Optional<ApiToken> authenticate(String presented) throws SQLException {
    Optional<ApiToken> token = store.find(presented);
    ConcurrentHashMap<String, Entry> cache = token.isPresent() ? known : unknown;
    if (cache.size() >= (token.isPresent() ? MAX_KNOWN : MAX_UNKNOWN)) {
      cache.clear();
    }
    String key = key(presented);
    cache.put(key, new Entry(token, clock.instant().plus(ttl)));
    if (token.isPresent()) {
      unknown.remove(key);
    }
    return token;
  }

  /** Forgets every cached answer, after a revocation. */
  void invalidate() {
    known.clear();
    unknown.clear();
  }

  private static String key(String presented) {
    return HexFormat.of().formatHex(TokenStore.hash(presented));
  }
}
