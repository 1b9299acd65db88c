package dev.burnrate.bridge.internal.connector;

import dev.burnrate.bridge.BridgeSettings.ConnectorSettings;
import dev.burnrate.bridge.BridgeSettings.OutboxSettings;
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
    return ConnectorType.of(s.type()).create(s, http, outbox, clock);
  }
}
