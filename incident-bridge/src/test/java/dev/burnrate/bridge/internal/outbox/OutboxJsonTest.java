package dev.burnrate.bridge.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.internal.change.ChangeState;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.incident.IncidentState;
import dev.burnrate.bridge.internal.problem.ProblemState;
import dev.burnrate.bridge.internal.record.Priority;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Outbox rows written before the snapshots were typed read back, and typed rows round-trip. */
class OutboxJsonTest {
  /**
   * A payload as the outbox wrote it from the incident's REST view (a JSONB column's key order).
   */
  static final String OLD_INCIDENT =
      """
      {"event": "escalated", "record": {"key": "INC-7", "slo": "checkout-availability",
       "kind": "incident", "links": [{"key": "PRB-2", "url": null, "relation": "problem",
       "createdAt": "2025-01-31T12:05:00Z", "createdBy": "burnrate", "direction": "outgoing"}],
       "state": "acknowledged", "title": "checkout burns", "labels": {"team": "payments"},
       "source": "slo", "service": "checkout", "openedAt": "2025-01-31T12:00:00Z",
       "priority": "P2", "severity": "page", "timeline": [{"at": "2025-01-31T12:00:00Z",
       "kind": "opened", "actor": "burnrate", "details": {"burnRate": 14.4},
       "message": "Opened"}], "closedAt": null, "closedBy": null, "recovered": false,
       "assignment": {"group": "team-payments", "assignee": null}, "resolvedAt": null,
       "resolvedBy": null, "resolution": null, "autoResolve": true, "recoveredAt": null,
       "activeAlerts": [{"id": "a1", "fingerprint": "f1"}], "impactedItems": [],
       "acknowledgedAt": "2025-01-31T12:03:00Z", "acknowledgedBy": "dana",
       "impactedServices": ["web"], "configurationItem": null,
       "impactedConsumers": {"teams": [], "users": [], "customerGroups": []},
       "response": {"paused": false, "targets": {"resolve": "4h", "acknowledge": "15m"},
       "breaches": [], "heldSeconds": 0, "onHoldSince": null, "insideTargets": true,
       "timeToResolveSeconds": null, "timeToAcknowledgeSeconds": 180.0}},
       "message": "Escalated to P2"}
      """;

  @Test
  void anOldIncidentRow_readsAsATypedSnapshot() {
    OutboxMessage m = OutboxJson.read(OLD_INCIDENT);

    assertThat(m.event()).isEqualTo("escalated");
    assertThat(m.message()).isEqualTo("Escalated to P2");
    IncidentSnapshot i = (IncidentSnapshot) m.record();
    assertThat(i.key()).isEqualTo("INC-7");
    assertThat(i.priority()).isEqualTo(Priority.P2);
    assertThat(i.state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    assertThat(i.acknowledgedAt()).isEqualTo(Instant.parse("2025-01-31T12:03:00Z"));
    assertThat(i.group()).isEqualTo("team-payments");
    assertThat(i.assignee()).isEmpty();
    assertThat(i.links()).singleElement().satisfies(l -> assertThat(l.key()).isEqualTo("PRB-2"));
    assertThat(i.timeline().get(0).details()).containsEntry("burnRate", 14.4);
    assertThat(i.activeAlerts().get(0)).containsEntry("id", "a1");
    assertThat(i.response().timeToAcknowledgeSeconds()).isEqualTo(180.0);
  }

  @Test
  void aTypedRow_writesTheViewsFieldNames_andReadsBackEqual() {
    OutboxMessage m = OutboxJson.read(OLD_INCIDENT);

    String written = OutboxJson.write(m);

    assertThat(ToolJson.read(written)).isEqualTo(ToolJson.read(OLD_INCIDENT));
    assertThat(OutboxJson.read(written)).isEqualTo(m);
  }

  @Test
  void problemAndChangeRows_readByTheirKind() {
    OutboxMessage p =
        OutboxJson.read(
            "{\"event\":\"known_error\",\"message\":\"m\",\"record\":{\"kind\":\"problem\","
                + "\"key\":\"PRB-1\",\"state\":\"known_error\",\"knownError\":true,"
                + "\"incidents\":[\"INC-1\"],\"fix\":null,\"unknownLater\":1}}");
    OutboxMessage c =
        OutboxJson.read(
            "{\"event\":\"updated\",\"message\":\"m\",\"record\":{\"kind\":\"change\","
                + "\"key\":\"CHG-1\",\"state\":\"in_progress\",\"changeKind\":\"emergency\","
                + "\"startedAt\":\"2025-01-31T11:30:00Z\"}}");

    assertThat(((ProblemSnapshot) p.record()).state()).isEqualTo(ProblemState.KNOWN_ERROR);
    assertThat(p.record().incidents()).containsExactly("INC-1");
    assertThat(((ChangeSnapshot) c.record()).state()).isEqualTo(ChangeState.IN_PROGRESS);
    assertThat(c.record().kind()).isEqualTo(Snapshot.CHANGE);
  }
}
