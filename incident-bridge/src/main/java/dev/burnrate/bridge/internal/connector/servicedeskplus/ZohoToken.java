package dev.burnrate.bridge.internal.connector.servicedeskplus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.ToolJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A Zoho OAuth access token for ServiceDesk Plus Cloud, refreshed from the refresh token at the
 * accounts server ({@code POST {accountsUrl}/oauth/v2/token}, {@code grant_type=refresh_token})
 * before it expires, and again when ServiceDesk Plus refuses it.
 */
final class ZohoToken {
  /** How long before its expiry a token is replaced, so that none expires in flight. */
  static final Duration EARLY = Duration.ofMinutes(5);

  /** An {@code Authorization} header, or why there is none. */
  record Header(String value, String token, Outcome failure) {}

  private final Http http;
  private final URI tokenUri;
  private final String form;
  private String access;
  private Instant expiresAt = Instant.MIN;

  ZohoToken(Http http, URI accountsUrl, String clientId, String clientSecret, String refreshToken) {
    this.http = http;
    this.tokenUri = Http.under(accountsUrl, "/oauth/v2/token");
    // In the body rather than the query string, so that no proxy log keeps the secrets.
    this.form =
        "grant_type=refresh_token&client_id="
            + enc(clientId)
            + "&client_secret="
            + enc(clientSecret)
            + "&refresh_token="
            + enc(refreshToken);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The current token, refreshed first when it expires within {@link #EARLY}. */
  synchronized Header header(Instant now) throws InterruptedException {
    if (access == null || !now.isBefore(expiresAt.minus(EARLY))) {
      Outcome failed = refresh(now);
      if (failed != null) {
        return new Header(null, null, failed);
      }
    }
    return new Header("Zoho-oauthtoken " + access, access, null);
  }

  /** Forgets a token that ServiceDesk Plus refused, so that the next call refreshes it. */
  synchronized void refused(String token) {
    if (token != null && token.equals(access)) {
      access = null;
      expiresAt = Instant.MIN;
    }
  }

  private Outcome refresh(Instant now) throws InterruptedException {
    HttpRequest req =
        http.request(tokenUri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
            .build();
    Http.Result r = http.send(req, now);
    if (!r.ok()) {
      return r.failure();
    }
    JsonNode b;
    try {
      b = ToolJson.read(r.body());
    } catch (IllegalArgumentException e) {
      return new Outcome.Retry(null, "Zoho accounts answered a token refresh with no JSON");
    }
    // Zoho reports a refused grant as 200 with {"error": "invalid_code"}.
    if (!b.path("access_token").isTextual() || b.path("access_token").asText().isEmpty()) {
      return new Outcome.Retry(
          null,
          "Zoho accounts refused the token refresh: "
              + b.path("error").asText("no access_token in the answer")
              + (b.has("error_description")
                  ? " (" + b.path("error_description").asText() + ")"
                  : ""));
    }
    access = b.path("access_token").asText();
    expiresAt = now.plus(lifetime(b));
    return null;
  }

  /** The token's lifetime: {@code expires_in} seconds (older answers gave milliseconds). */
  static Duration lifetime(JsonNode b) {
    if (b.path("expires_in_sec").canConvertToLong()) {
      return Duration.ofSeconds(b.path("expires_in_sec").asLong());
    }
    long v = b.path("expires_in").asLong(3600);
    return v > 86_400 ? Duration.ofMillis(v) : Duration.ofSeconds(v);
  }
}
