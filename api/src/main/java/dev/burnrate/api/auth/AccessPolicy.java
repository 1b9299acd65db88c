package dev.burnrate.api.auth;

import io.vertx.core.http.HttpMethod;
import java.util.Optional;
import java.util.Set;

/**
 * Which scope a request needs. Token management always needs {@code admin}; ingest needs {@code
 * ingest} and other writes under {@code /api/v1} need {@code write} when {@code auth.required};
 * reads under {@code /api/v1} need {@code read} when {@code auth.readsRequireToken}. Health, {@code
 * /metrics}, {@code /openapi.yaml} and the console's page and files ({@code /} and {@code
 * /console/...}) are open: the console holds nothing secret and reads through the API, which asks
 * for the token.
 */
final class AccessPolicy {
  /**
   * The ingest endpoints: remote_write, OTLP/HTTP metrics, NDJSON events, and the Alertmanager and
   * Grafana webhooks (monitoring sends data; it should not hold a token that can change records).
   */
  static final Set<String> INGEST_PATHS =
      Set.of(
          "/api/v1/write",
          "/v1/metrics",
          "/api/v1/events",
          "/api/v1/alerts/alertmanager",
          "/api/v1/alerts/grafana");

  private static final Set<HttpMethod> WRITES =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private final boolean required;
  private final boolean readsRequireToken;

  AccessPolicy(boolean required, boolean readsRequireToken) {
    this.required = required;
    this.readsRequireToken = readsRequireToken;
  }

  /** The scope the request needs, or empty when anyone may make it. */
  Optional<Scope> required(HttpMethod method, String path) {
    if (isConsole(path)) {
      return Optional.empty();
    }
    if (path.equals("/api/v1/tokens") || path.startsWith("/api/v1/tokens/")) {
      return Optional.of(Scope.ADMIN);
    }
    if (INGEST_PATHS.contains(path)) {
      return required ? Optional.of(Scope.INGEST) : Optional.empty();
    }
    if (path.equals("/api/v1") || path.startsWith("/api/v1/")) {
      if (WRITES.contains(method)) {
        return required ? Optional.of(Scope.WRITE) : Optional.empty();
      }
      return readsRequireToken ? Optional.of(Scope.READ) : Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * The console's page and static files, open so that a browser can load it and ask for a token.
   */
  static boolean isConsole(String path) {
    return path.equals("/") || path.startsWith("/console/");
  }
}
