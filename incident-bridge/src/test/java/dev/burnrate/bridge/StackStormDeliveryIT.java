package dev.burnrate.bridge;

import static dev.burnrate.slo.engine.AlertTransition.Kind.FIRING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.fake.StackStormFake;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.TimelineSql;
import dev.burnrate.testsupport.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: a page on checkout runs its runbook in StackStorm, and the result is in the timeline.
 */
class StackStormDeliveryIT {
  static final String KEY = "st2-key";
  BridgeFixture fx;
  StackStormFake st2;
  IncidentBridge bridge;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void setUp() {
    fx = new BridgeFixture();
    st2 = new StackStormFake(KEY, "burnrate");
    String actions =
        Json.write(
            ToolJson.read(
                """
                [{"name": "restart-pods", "action": "core.remote", "kinds": ["incident"],
                  "events": ["opened"], "services": ["checkout"], "slos": [], "severities": ["page"],
                  "parameters": {"hosts": "web1", "cmd": "kubectl rollout restart deploy/checkout"}}]
                """));
    ConnectorSettings c =
        ConnectorSettings.of(
            "st2",
            "stackstorm",
            st2.url(),
            Map.of(
                "apiKey", KEY, "webhook", "burnrate", "actions", actions, "pollInterval", "20ms"),
            Match.all());
    bridge =
        fx.bridge(
            BridgeSettings.defaults()
                .withConnectors(List.of(c))
                .withOutbox(DeliveryIT.fastOutbox()),
            meters);
    bridge.start();
  }

  @AfterEach
  void tearDown() {
    bridge.close();
    st2.close();
    fx.close();
  }

  @Test
  void aPageOnCheckout_runsRestartPodsOnce_andItsResultIsATimelineEntry() {
    st2.action(
        "core.remote",
        List.of("scheduled", "running", "succeeded"),
        ToolJson.read("{\"web1\": {\"stdout\": \"restarted\", \"return_code\": 0}}"),
        41.0);

    bridge.accept(fx.page1h(FIRING, "checkout-availability", "checkout"));

    Await.until(
        "the runbook's result in the timeline",
        Duration.ofSeconds(30),
        () ->
            fx.count(
                    "SELECT count(*) FROM bridge_timeline WHERE kind = 'runbook' AND actor = 'st2'"
                        + " AND message = 'runbook core.remote restart-pods succeeded in 41 s: restarted'")
                == 1);
    assertThat(st2.executionsOf("core.remote")).hasSize(1);
    // The bridge's builder hands its registry down to the connector; the count follows the
    // timeline line.
    Await.until(
        "the runbook counted in the bridge's registry",
        Duration.ofSeconds(10),
        () -> {
          var c =
              meters
                  .find("burnrate.bridge.runbooks")
                  .tags("connector", "st2", "runbook", "restart-pods", "outcome", "succeeded")
                  .counter();
          return c != null && c.count() == 1.0;
        });
    assertThat(
            fx.count(
                "SELECT count(*) FROM bridge_timeline WHERE kind = 'runbook'"
                    + " AND details->>'executionId' = '"
                    + st2.executionsOf("core.remote").get(0).id
                    + "' AND details->'result'->'web1'->>'stdout' = 'restarted'"))
        .isEqualTo(1);
  }

  @Test
  void aRunReportedTwice_afterARetry_isOneTimelineEntry() {
    Database db = new Database(fx.dataSource);
    Instant at = Instant.parse("2025-01-31T12:00:00Z");

    boolean first =
        db.tx(
            c ->
                TimelineSql.appendOnce(
                    c, "INC-90", "burnrate-5-restart", at, "runbook", "succeeded", "st2", null));
    boolean again =
        db.tx(
            c ->
                TimelineSql.appendOnce(
                    c, "INC-90", "burnrate-5-restart", at, "runbook", "succeeded", "st2", null));
    boolean other =
        db.tx(
            c ->
                TimelineSql.appendOnce(
                    c, "INC-90", "burnrate-6-restart", at, "runbook", "succeeded", "st2", null));

    assertThat(List.of(first, again, other)).containsExactly(true, false, true);
    assertThat(fx.count("SELECT count(*) FROM bridge_timeline WHERE record_key = 'INC-90'"))
        .isEqualTo(2);
  }

  @Test
  void aFailedRunbook_isATimelineEntry_andTheOutboxStillDelivers() {
    st2.action(
        "core.remote", List.of("failed"), ToolJson.read("{\"stderr\": \"no such host\"}"), 2.0);

    bridge.accept(fx.page1h(FIRING, "checkout-availability", "checkout"));

    Await.until(
        "the outbox to drain",
        Duration.ofSeconds(30),
        () -> fx.count("SELECT count(*) FROM bridge_outbox WHERE state <> 'delivered'") == 0);
    assertThat(
            fx.count(
                "SELECT count(*) FROM bridge_timeline WHERE kind = 'runbook'"
                    + " AND message = 'runbook core.remote restart-pods failed in 2 s: no such host'"))
        .isEqualTo(1);
  }
}
