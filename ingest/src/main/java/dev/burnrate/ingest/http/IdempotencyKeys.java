package dev.burnrate.ingest.http;

import dev.burnrate.http.HttpProblem;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The Idempotency-Key of a request, scoped so that two endpoints or two senders never share one,
 * and the hash of the body it was sent with.
 */
final class IdempotencyKeys {
  private static final int MAX_LENGTH = 255;

  private IdempotencyKeys() {}

  /**
   * The Idempotency-Key header, scoped by endpoint and sender ({@code "endpoint principal key"}:
   * the key has no spaces); null (after failing the request) when it is invalid.
   */
  static Optional<String> of(RoutingContext ctx, String endpoint) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null) {
      return Optional.empty();
    }
    key = key.trim();
    boolean ok = !key.isEmpty() && key.length() <= MAX_LENGTH;
    for (int i = 0; ok && i < key.length(); i++) {
      char c = key.charAt(i);
      ok = c > 0x20 && c < 0x7f;
    }
    if (!ok) {
      ctx.fail(
          HttpProblem.badRequest(
              "Idempotency-Key",
              "Idempotency-Key must be 1 to " + MAX_LENGTH + " visible ASCII characters"));
      return null;
    }
    Object principal = ctx.get(IngestRoutes.PRINCIPAL_KEY);
    String who = principal == null ? "-" : principal.toString().replace(' ', '_');
    return Optional.of(endpoint + " " + who + " " + key);
  }

  /** The SHA-256 (hex) of a decoded body, only for a request with an idempotency key. */
  static Optional<String> bodyHash(Optional<String> key, byte[] decoded) {
    if (key.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(decoded)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
