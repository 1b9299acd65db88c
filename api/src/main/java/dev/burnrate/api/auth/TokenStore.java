package dev.burnrate.api.auth;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * API tokens in PostgreSQL, stored as SHA-256 hashes.
 *
 * <p>A token is 32 random bytes, so a single fast hash is enough: guessing a preimage of a 256-bit
 * random value is infeasible, and a slow password hash (bcrypt, Argon2) would cost milliseconds on
 * every ingest request without making such tokens any safer. The one token a person chooses, {@code
 * BURNRATE_ADMIN_TOKEN}, must be at least 16 characters for that reason.
 *
 * <p>Every method blocks on JDBC: call them from worker threads.
 */
public final class TokenStore {
  /** Prefix of generated tokens, so scanners and people recognise them. */
  public static final String TOKEN_PREFIX = "brt_";

  /** The id of the token created from {@code BURNRATE_ADMIN_TOKEN}. */
  public static final String BOOTSTRAP_ID = "tok_bootstrap_admin";

  /** Shortest admin token accepted from the environment. */
  public static final int MIN_ADMIN_TOKEN_LENGTH = 16;

  private final DataSource dataSource;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** A store on the database, with time from {@code clock}. */
  public TokenStore(DataSource dataSource, Clock clock) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    this.clock = requireNonNull(clock, "clock");
  }

  /** A new token and the secret to show once. */
  public record Created(ApiToken token, String secret) {
    /** Checks the pair. */
    public Created {
      requireNonNull(token, "token");
      requireNonNull(secret, "secret");
    }
  }

  /** Creates a token with the scopes; the secret is returned here and never again. */
  public Created create(String name, Set<Scope> scopes) throws SQLException {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    byte[] idBytes = new byte[8];
    random.nextBytes(idBytes);
    ApiToken token =
        new ApiToken(
            "tok_" + HexFormat.of().formatHex(idBytes),
            name,
            scopes,
            clock.instant(),
            Optional.empty(),
            Optional.empty());
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO api_tokens (id, name, token_hash, scopes, created_at)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, token.id());
      ps.setString(2, name);
      ps.setBytes(3, hash(secret));
      ps.setArray(4, c.createArrayOf("text", scopeIds(scopes)));
      ps.setTimestamp(5, Timestamp.from(token.createdAt()));
      ps.executeUpdate();
    }
    return new Created(token, secret);
  }

  /**
   * Makes {@code secret} an admin token with the id {@link #BOOTSTRAP_ID}. Idempotent: starting
   * again with the same secret changes nothing (a revoked one stays revoked); a different secret
   * replaces the old one.
   */
  public void bootstrapAdmin(String secret) throws SQLException {
    if (secret.length() < MIN_ADMIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          "BURNRATE_ADMIN_TOKEN must be at least "
              + MIN_ADMIN_TOKEN_LENGTH
              + " characters (it has "
              + secret.length()
              + "); generate one with: openssl rand -hex 32");
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO api_tokens (id, name, token_hash, scopes, created_at)"
                    + " VALUES (?, 'bootstrap admin (BURNRATE_ADMIN_TOKEN)', ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET"
                    + "   token_hash = EXCLUDED.token_hash,"
                    + "   scopes = EXCLUDED.scopes,"
                    + "   created_at = CASE WHEN api_tokens.token_hash = EXCLUDED.token_hash"
                    + "     THEN api_tokens.created_at ELSE EXCLUDED.created_at END,"
                    + "   revoked_at = CASE WHEN api_tokens.token_hash = EXCLUDED.token_hash"
                    + "     THEN api_tokens.revoked_at ELSE NULL END")) {
      ps.setString(1, BOOTSTRAP_ID);
      ps.setBytes(2, hash(secret));
      ps.setArray(3, c.createArrayOf("text", new String[] {Scope.ADMIN.id()}));
      ps.setTimestamp(4, Timestamp.from(clock.instant()));
      ps.executeUpdate();
    }
  }

  /** Every token, revoked ones included, newest first. */
  public List<ApiToken> list() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, name, scopes, created_at, revoked_at, last_used_at FROM api_tokens"
                    + " ORDER BY created_at DESC, id");
        ResultSet rs = ps.executeQuery()) {
      List<ApiToken> tokens = new ArrayList<>();
      while (rs.next()) {
        tokens.add(read(rs));
      }
      return tokens;
    }
  }

  /** Revokes the token; false when there is no token with that id. Revoking twice is fine. */
  public boolean revoke(String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant()));
      ps.setString(2, id);
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * The live (not revoked) token whose secret is {@code presented}, if there is one; marks it as
   * used now. An unknown secret costs one read and no write.
   */
  public Optional<ApiToken> find(String presented) throws SQLException {
    byte[] presentedHash = hash(presented);
    try (Connection c = dataSource.getConnection()) {
      ApiToken found;
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, name, scopes, created_at, revoked_at, last_used_at, token_hash"
                  + " FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL")) {
        ps.setBytes(1, presentedHash);
        try (ResultSet rs = ps.executeQuery()) {
          // The index finds the row; the comparison that decides is constant-time.
          if (!rs.next() || !MessageDigest.isEqual(rs.getBytes("token_hash"), presentedHash)) {
            return Optional.empty();
          }
          found = read(rs);
        }
      }
      Timestamp now = Timestamp.from(clock.instant());
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")) {
        ps.setTimestamp(1, now);
        ps.setString(2, found.id());
        ps.executeUpdate();
      }
      return Optional.of(
          new ApiToken(
              found.id(),
              found.name(),
              found.scopes(),
              found.createdAt(),
              found.revokedAt(),
              Optional.of(now.toInstant())));
    }
  }

  /** SHA-256 of the token's UTF-8 bytes. */
  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String[] scopeIds(Set<Scope> scopes) {
    return scopes.stream().sorted().map(Scope::id).toArray(String[]::new);
  }

  private static ApiToken read(ResultSet rs) throws SQLException {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    Array array = rs.getArray("scopes");
    for (Object o : (Object[]) array.getArray()) {
      Scope.of((String) o).ifPresent(scopes::add);
    }
    Timestamp revoked = rs.getTimestamp("revoked_at");
    Timestamp lastUsed = rs.getTimestamp("last_used_at");
    return new ApiToken(
        rs.getString("id"),
        rs.getString("name"),
        scopes,
        rs.getTimestamp("created_at").toInstant(),
        Optional.ofNullable(revoked).map(Timestamp::toInstant),
        Optional.ofNullable(lastUsed).map(Timestamp::toInstant));
  }
}
