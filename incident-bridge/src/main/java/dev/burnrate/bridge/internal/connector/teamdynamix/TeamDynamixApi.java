package dev.burnrate.bridge.internal.connector.teamdynamix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.Pause;
import dev.burnrate.bridge.internal.connector.RetryHint;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.record.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TeamDynamix's HTTP side: rate limits per method (a 429 pauses that method until its reset), the
 * admin login's bearer token, renewed before it expires and once after a 401.
 */
final class TeamDynamixApi {
  /** TeamDynamix's advice: wait until the reset, and at least this long. */
  static final Duration MIN_RATE_LIMIT_WAIT = Duration.ofSeconds(5);

  /** A token is renewed this long before its {@code exp}. */
  static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

  private final ConnectorSettings settings;
  private final Http http;
  private final Map<String, Pause> pauses = new ConcurrentHashMap<>();
  private volatile String token;
  private volatile Instant tokenRenewAt = Instant.MIN;

  TeamDynamixApi(ConnectorSettings settings, Http http) {
    this.settings = settings;
    this.http =
        http.withRetryHints(
            List.of(
                RetryHint.retryAfter(),
                RetryHint.reset("X-RateLimit-Reset", RetryHint.Form.HTTP_DATE)
                    .atLeast(MIN_RATE_LIMIT_WAIT)));
  }

  URI uri(String path) {
    return Http.under(settings.url(), path);
  }

  /**
   * Sends one call of an endpoint ({@code endpoint} names the method, such as {@code POST
   * tickets}), unless that endpoint is waiting out a 429; a 429 makes it wait until its reset.
   */
  private Http.Result call(String endpoint, HttpRequest r, Instant now)
      throws InterruptedException {
    Pause pause = pauses.computeIfAbsent(endpoint, e -> new Pause());
    Optional<Outcome> paused =
        pause.retry(
            now, "TeamDynamix rate-limited " + endpoint + " until " + pause.until() + " (429)");
    if (paused.isPresent()) {
      return new Http.Result(null, paused.get());
    }
    Http.Result res = http.send(r, now);
    if (res.failure() instanceof Outcome.Retry retry
        && res.response() != null
        && res.status() == 429) {
      Duration wait = retry.after() != null ? retry.after() : MIN_RATE_LIMIT_WAIT;
      pause.extend(now.plus(wait));
      return Http.rateLimited(res, wait, "X-RateLimit-Limit", "X-RateLimit-Reset");
    }
    return res;
  }

  /** A GET of an endpoint (such as {@code GET tickets/types}) with the bearer token. */
  Http.Result get(String endpoint, String path, Instant now) throws InterruptedException {
    return authed(endpoint, "GET", path, null, now);
  }

  /** A call with the bearer token, logging in first when needed and again after a 401. */
  Http.Result authed(String endpoint, String method, String path, JsonNode body, Instant now)
      throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      Optional<Outcome> login = ensureToken(now);
      if (login.isPresent()) {
        return new Http.Result(null, login.get());
      }
      String bearer = token;
      HttpRequest.Builder b =
          http.request(uri(path))
              .header("Authorization", "Bearer " + bearer)
              .header("Content-Type", "application/json; charset=utf-8");
      b.method(
          method, body == null ? HttpRequest.BodyPublishers.noBody() : Http.json(Json.write(body)));
      Http.Result res = call(endpoint, b.build(), now);
      if (attempt == 0 && res.response() != null && res.status() == 401) {
        forgetToken(bearer);
        continue;
      }
      return res;
    }
  }

  private synchronized void forgetToken(String bearer) {
    if (bearer != null && bearer.equals(token)) {
      token = null;
      tokenRenewAt = Instant.MIN;
    }
  }

  /** Logs in when there is no token or it expires soon; the failure, if it failed. */
  private synchronized Optional<Outcome> ensureToken(Instant now) throws InterruptedException {
    if (token != null && now.isBefore(tokenRenewAt)) {
      return Optional.empty();
    }
    ObjectNode creds = ToolJson.object();
    creds.put("BEID", settings.secrets().get("beid").reveal());
    creds.put("WebServicesKey", settings.secrets().get("webServicesKey").reveal());
    HttpRequest r =
        http.request(uri("/TDWebApi/api/auth/loginadmin"))
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(Http.json(Json.write(creds)))
            .build();
    Http.Result res = call("POST auth/loginadmin", r, now);
    if (!res.ok()) {
      return Optional.of(res.failure());
    }
    String jwt = res.body().trim();
    if (jwt.startsWith("\"") && jwt.endsWith("\"") && jwt.length() > 1) {
      jwt = jwt.substring(1, jwt.length() - 1);
    }
    if (jwt.isEmpty()) {
      return Optional.of(new Outcome.Retry(null, "TeamDynamix login answered no token"));
    }
    Instant exp = expiry(jwt).orElse(now.plus(Duration.ofHours(24)));
    token = jwt;
    tokenRenewAt = exp.minus(RENEW_BEFORE);
    return Optional.empty();
  }

  /** The {@code exp} claim of a JWT, if it has one. */
  static Optional<Instant> expiry(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      return Optional.empty();
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1].replace("=", ""));
      JsonNode claims = ToolJson.read(new String(payload, StandardCharsets.UTF_8));
      JsonNode exp = claims.path("exp");
      return exp.isNumber() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
