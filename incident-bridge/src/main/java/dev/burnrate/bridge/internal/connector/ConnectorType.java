package dev.burnrate.bridge.internal.connector;

import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.OutboxSettings;
import dev.burnrate.bridge.internal.connector.freshservice.FreshserviceConnector;
import dev.burnrate.bridge.internal.connector.jira.JiraConnector;
import dev.burnrate.bridge.internal.connector.pagerduty.PagerDutyConnector;
import dev.burnrate.bridge.internal.connector.servicedeskplus.ServiceDeskPlusConnector;
import dev.burnrate.bridge.internal.connector.servicenow.ServiceNowConnector;
import dev.burnrate.bridge.internal.connector.stackstorm.StackStormConnector;
import dev.burnrate.bridge.internal.connector.teamdynamix.TeamDynamixConnector;
import dev.burnrate.bridge.internal.connector.webhook.WebhookConnector;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;

/**
 * Every kind of ITSM tool the bridge delivers to: its name in the settings, the record kinds it
 * understands, and how its connector is built. A new tool is one constant here and one package
 * beside the others.
 */
public enum ConnectorType {
  /** PagerDuty Events API v2: incidents only. */
  PAGERDUTY(
      "pagerduty",
      Set.of("incident"),
      (s, http, outbox, clock, registry) -> new PagerDutyConnector(s, http)),
  /** A signed JSON webhook. */
  WEBHOOK(
      "webhook",
      Set.of("incident", "problem", "change"),
      (s, http, outbox, clock, registry) -> new WebhookConnector(s, http, clock)),
  /** Jira Cloud issues. */
  JIRA(
      "jira",
      Set.of("incident", "problem", "change"),
      (s, http, outbox, clock, registry) -> new JiraConnector(s, http, outbox.inDoubtDelay())),
  /** ServiceNow incident, problem and change_request tables. */
  SERVICENOW(
      "servicenow",
      Set.of("incident", "problem", "change"),
      (s, http, outbox, clock, registry) -> new ServiceNowConnector(s, http)),
  /** Freshservice API v2: tickets, problems and changes. */
  FRESHSERVICE(
      "freshservice",
      Set.of("incident", "problem", "change"),
      (s, http, outbox, clock, registry) ->
          new FreshserviceConnector(s, http, outbox.inDoubtDelay())),
  /** TeamDynamix Web API: incident, problem and change tickets of one application. */
  TEAMDYNAMIX(
      "teamdynamix",
      Set.of("incident", "problem", "change"),
      (s, http, outbox, clock, registry) ->
          new TeamDynamixConnector(s, http, outbox.inDoubtDelay())),
  /** ManageEngine ServiceDesk Plus REST API v3: requests, problems and changes. */
  SERVICEDESKPLUS(
      "servicedeskplus",
      Set.of("incident", "problem", "change"),
      (s, http, outbox, clock, registry) -> new ServiceDeskPlusConnector(s, http)),
  /** StackStorm: every event a webhook trigger, configured actions run and followed. */
  STACKSTORM(
      "stackstorm",
      Set.of("incident", "problem", "change", "request"),
      (s, http, outbox, clock, registry) ->
          new StackStormConnector(s, http, outbox, clock, registry));

  /** How a connector of a type is built. */
  @FunctionalInterface
  interface Factory {
    Connector create(
        ConnectorSettings s, Http http, OutboxSettings outbox, Clock clock, MeterRegistry registry);
  }

  private final String name;
  private final Set<String> kinds;
  private final Factory factory;

  ConnectorType(String name, Set<String> kinds, Factory factory) {
    this.name = name;
    this.kinds = kinds;
    this.factory = factory;
  }

  /** The type of its name in the settings, such as {@code jira}. */
  public static ConnectorType of(String name) {
    for (ConnectorType t : values()) {
      if (t.name.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown connector type " + name);
  }

  /** The record kinds a connector of this type receives: incident, problem, change. */
  public Set<String> kinds() {
    return kinds;
  }

  Connector create(
      ConnectorSettings s, Http http, OutboxSettings outbox, Clock clock, MeterRegistry registry) {
    return factory.create(s, http, outbox, clock, registry);
  }
}
