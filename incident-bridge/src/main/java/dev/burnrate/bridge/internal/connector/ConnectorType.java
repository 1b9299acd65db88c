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
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Every kind of ITSM tool the bridge delivers to: its name in the settings, the record kinds it
 * understands, and how its connector is built. A new tool is one constant here and one package
 * beside the others.
 */
public enum ConnectorType {
  /** PagerDuty Events API v2: incidents only. */
  PAGERDUTY(Kinds.INCIDENTS, Factory.of(PagerDutyConnector::new)),
  /** A signed JSON webhook. */
  WEBHOOK(
      Kinds.RECORDS, (s, http, outbox, clock, registry) -> new WebhookConnector(s, http, clock)),
  /** Jira Cloud issues. */
  JIRA(Kinds.RECORDS, Factory.searching(JiraConnector::new)),
  /** ServiceNow incident, problem and change_request tables. */
  SERVICENOW(Kinds.RECORDS, Factory.of(ServiceNowConnector::new)),
  /** Freshservice API v2: tickets, problems and changes. */
  FRESHSERVICE(Kinds.RECORDS, Factory.searching(FreshserviceConnector::new)),
  /** TeamDynamix Web API: incident, problem and change tickets of one application. */
  TEAMDYNAMIX(Kinds.RECORDS, Factory.searching(TeamDynamixConnector::new)),
  /** ManageEngine ServiceDesk Plus REST API v3: requests, problems and changes. */
  SERVICEDESKPLUS(Kinds.RECORDS, Factory.of(ServiceDeskPlusConnector::new)),
  /** StackStorm: every event a webhook trigger, configured actions run and followed. */
  STACKSTORM(Kinds.WITH_REQUESTS, StackStormConnector::new);

  /** The sets of record kinds a type receives (a holder: enum constants are built first). */
  private static final class Kinds {
    static final Set<String> INCIDENTS = Set.of("incident");
    static final Set<String> RECORDS = Set.of("incident", "problem", "change");
    static final Set<String> WITH_REQUESTS = Set.of("incident", "problem", "change", "request");
  }

  /** How a connector of a type is built. */
  @FunctionalInterface
  interface Factory {
    Connector create(
        ConnectorSettings s, Http http, OutboxSettings outbox, Clock clock, MeterRegistry registry);

    /** A connector built from its settings and the HTTP client alone. */
    static Factory of(BiFunction<ConnectorSettings, Http, Connector> f) {
      return (s, http, outbox, clock, registry) -> f.apply(s, http);
    }

    /** A connector that also waits the outbox's {@code inDoubtDelay} before a search. */
    static Factory searching(Searching f) {
      return (s, http, outbox, clock, registry) -> f.create(s, http, outbox.inDoubtDelay());
    }
  }

  /** How a connector that searches for an earlier attempt's record is built. */
  @FunctionalInterface
  interface Searching {
    Connector create(ConnectorSettings s, Http http, Duration inDoubtDelay);
  }

  private final Set<String> kinds;
  private final Factory factory;

  ConnectorType(Set<String> kinds, Factory factory) {
    this.kinds = kinds;
    this.factory = factory;
  }

  /**
   * The type of its name in the settings, its constant's name in lower case, such as {@code jira}.
   */
  public static ConnectorType of(String name) {
    for (ConnectorType t : values()) {
      if (t.name().toLowerCase(Locale.ROOT).equals(name)) {
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
