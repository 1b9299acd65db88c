package dev.burnrate.api.auth;

import io.vertx.core.http.HttpMethod;
import java.util.Optional;
import java.util.Set;

/**
 * Which scope a route needs. Token management always needs {@code admin}; ingest needs {@code
 * ingest} and other writes under {@code /api/v1} need {@code write} when {@code auth.required};
 * reads under {@code /api/v1} need {@code read} when {@code auth.readsRequireToken}, and the
 * outbox's whenever {@code auth.required}. Health, {@code /metrics}, {@code /openapi.yaml} and the
 * console's page and files ({@code /} and {@code /console/...}) are open: the console holds nothing
 * secret and reads through the API, which asks for the token.
 *
 * <p>The path is the template of the route that handles the request, as it was written ({@code
 * /api/v1/tokens/:id}), never the path the client sent: a client's spelling ({@code /v1/metrics/},
 * {@code /v1/./metrics}) reaches the same route and so needs the same scope.
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

  /** The scope a request with {@code method} to the route {@code template} needs, if any. */
  Optional<Scope> required(HttpMethod method, String template) {
    if (template.equals("/api/v1/tokens") || template.startsWith("/api/v1/tokens/")) {
      return Optional.of(Scope.ADMIN);
    }
    if (INGEST_PATHS.contains(template)) {
      return required ? Optional.of(Scope.INGEST) : Optional.empty();
    }
    if (required && (template.equals("/api/v1/outbox") || template.startsWith("/api/v1/outbox/"))) {
      // Delivery errors quote what the tools answered: operators' data, not a dashboard's.
      return Optional.of(WRITES.contains(method) ? Scope.WRITE : Scope.READ);
    }
    if (template.equals("/api/v1") || template.startsWith("/api/v1/")) {
      if (WRITES.contains(method)) {
        return required ? Optional.of(Scope.WRITE) : Optional.empty();
      }
      return readsRequireToken ? Optional.of(Scope.READ) : Optional.empty();
    }
    // Health, /metrics and /openapi.yaml are reads; a write elsewhere is not open by accident.
    return required && WRITES.contains(method) ? Optional.of(Scope.WRITE) : Optional.empty();
  }
}
