package dev.burnrate.ingest.events;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One served request: an exact observation of {@code http_server_request_duration_seconds}.
 *
 * @param timestampMs when it was served, epoch milliseconds
 * @param service the service ({@code job})
 * @param route the route template ({@code http_route})
 * @param method the HTTP method ({@code http_request_method})
 * @param status the HTTP status code ({@code http_response_status_code})
 * @param durationMs how long it took, in milliseconds
 * @param labels extra labels
 */
public record RequestEvent(
    long timestampMs,
    String service,
    String route,
    String method,
    int status,
    double durationMs,
    Map<String, String> labels) {

  /** Checks the event and copies its labels. */
  public RequestEvent {
    requireNonNull(service, "service");
    requireNonNull(route, "route");
    requireNonNull(method, "method");
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be in 100..599, got " + status);
    }
    if (!(durationMs >= 0) || Double.isInfinite(durationMs)) {
      throw new IllegalArgumentException("durationMs must be finite and >= 0, got " + durationMs);
    }
    labels = Map.copyOf(labels);
  }
}
