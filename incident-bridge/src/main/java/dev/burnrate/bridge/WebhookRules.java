package dev.burnrate.bridge;

import java.util.List;

/**
 * Limits and label mapping of the alert webhooks.
 *
 * @param maxBodyBytes the largest accepted body (413 above)
 * @param maxAlerts the most alerts in one payload (413 above)
 * @param serviceLabels labels that name the service, first present wins
 */
public record WebhookRules(int maxBodyBytes, int maxAlerts, List<String> serviceLabels) {
  /** Checks the rules. */
  public WebhookRules {
    serviceLabels = List.copyOf(serviceLabels);
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1024, got " + maxBodyBytes);
    }
    if (maxAlerts < 1) {
      throw new IllegalArgumentException("maxAlerts must be positive, got " + maxAlerts);
    }
    if (serviceLabels.isEmpty()) {
      throw new IllegalArgumentException("serviceLabels must name at least one label");
    }
  }

  /** 1 MiB, 1000 alerts, labels service, job, app. */
  public static WebhookRules defaults() {
    return new WebhookRules(1 << 20, 1000, List.of("service", "job", "app"));
  }
}
