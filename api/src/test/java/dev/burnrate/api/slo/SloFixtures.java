package dev.burnrate.api.slo;

/** SLO files the tests load. */
public final class SloFixtures {
  private SloFixtures() {}

  /** The name of the SLO in {@link #CHECKOUT}. */
  public static final String CHECKOUT_SLO = "checkout-availability";

  /** A Sloth file: checkout requests that do not fail, 99.9% over 30 days, from request events. */
  public static final String CHECKOUT =
      """
      version: "prometheus/v1"
      service: "checkout"
      labels:
        team: payments
      slos:
        - name: "availability"
          objective: 99.9
          description: "Checkout requests that do not fail"
          sli:
            events:
              error_query: sum(rate(http_server_request_duration_seconds_count{job="checkout",http_response_status_code=~"5.."}[{{.window}}]))
              total_query: sum(rate(http_server_request_duration_seconds_count{job="checkout"}[{{.window}}]))
          alerting:
            name: CheckoutAvailability
      """;

  /** A Sloth file: search availability, 99%. */
  public static final String SEARCH =
      """
      version: "prometheus/v1"
      service: "search"
      slos:
        - name: "availability"
          objective: 99
          sli:
            events:
              error_query: sum(rate(http_server_request_duration_seconds_count{job="search",http_response_status_code=~"5.."}[{{.window}}]))
              total_query: sum(rate(http_server_request_duration_seconds_count{job="search"}[{{.window}}]))
          alerting:
            name: SearchAvailability
      """;
}
