package dev.burnrate.bridge.internal.connector;

import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.OutboxSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.util.List;

/** Builds connectors from their settings. */
public final class Connectors {
  private Connectors() {}

  /** One connector per setting, their meters in {@code registry}. */
  public static List<Connector> create(
      List<ConnectorSettings> settings,
      OutboxSettings outbox,
      Clock clock,
      MeterRegistry registry) {
    return settings.stream().map(s -> create(s, outbox, clock, registry)).toList();
  }

  /** The connector of one setting, whose meters are kept nowhere. */
  public static Connector create(ConnectorSettings s, OutboxSettings outbox, Clock clock) {
    return create(s, outbox, clock, new CompositeMeterRegistry());
  }

  /** The connector of one setting, its meters in {@code registry}. */
  public static Connector create(
      ConnectorSettings s, OutboxSettings outbox, Clock clock, MeterRegistry registry) {
    Http http = new Http(outbox.requestTimeout(), Redaction.of(List.of(s)));
    return ConnectorType.of(s.type()).create(s, http, outbox, clock, registry);
  }
}
