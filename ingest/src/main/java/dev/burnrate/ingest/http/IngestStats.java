package dev.burnrate.ingest.http;

/**
 * Counters of the ingest endpoints since start, for the metrics endpoint.
 *
 * @param remoteWrite {@code POST /api/v1/write}
 * @param otlpMetrics {@code POST /v1/metrics}
 * @param events {@code POST /api/v1/events}
 */
public record IngestStats(Endpoint remoteWrite, Endpoint otlpMetrics, Endpoint events) {

  /**
   * One endpoint's counters.
   *
   * @param accepted requests answered 2xx (stored)
   * @param rejected requests answered 4xx (invalid, over a limit, unsupported type)
   * @param unavailable requests answered 503 or 429 because the store could not take them
   * @param failed requests answered 500 (a Burnrate bug, logged)
   * @param samplesReceived samples in accepted requests, matched or not (events: events)
   * @param samplesMatched samples of accepted requests that some SLO selected
   */
  public record Endpoint(
      long accepted,
      long rejected,
      long unavailable,
      long failed,
      long samplesReceived,
      long samplesMatched) {}
}
