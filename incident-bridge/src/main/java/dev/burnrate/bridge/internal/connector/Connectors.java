package dev.burnrate.bridge.internal.connector;

import dev.burnrate.bridge.BridgeSettings.ConnectorSettings;
import dev.burnrate.bridge.BridgeSettings.OutboxSettings;
import dev.burnrate.bridge.internal.connector.jira.JiraConnector;
import dev.burnrate.bridge.internal.connector.pagerduty.PagerDutyConnector;
import dev.burnrate.bridge.internal.connector.servicenow.ServiceNowConnector;
import dev.burnrate.bridge.internal.connector.webhook.WebhookConnector;
import java.time.Clock;
import java.util.List;

/** Builds connectors from their settings. */
public final class Connectors {
  private Connectors() {}

  /** One connector per setting. */
  public static List<Connector> create(
      List<ConnectorSettings> settings, OutboxSettings outbox, Clock clock) {
    return settings.stream().map(s -> create(s, outbox, clock)).toList();
  }

  /** The connector of one setting. */
  public static Connector create(ConnectorSettings s, OutboxSettings outbox, Clock clock) {
    Http http = new Http(outbox.requestTimeout(), Redaction.of(List.of(s)));
    return switch (s.type()) {
      case "pagerduty" -> new PagerDutyConnector(s, http);
      case "webhook" -> new WebhookConnector(s, http, clock);
      case "jira" -> new JiraConnector(s, http, outbox.inDoubtDelay());
      case "servicenow" -> new ServiceNowConnector(s, http);
      default -> throw new IllegalArgumentException("unknown connector type " + s.type());
    };
  }
}
