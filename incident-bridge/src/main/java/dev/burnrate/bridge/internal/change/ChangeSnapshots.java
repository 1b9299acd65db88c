package dev.burnrate.bridge.internal.change;

import dev.burnrate.bridge.internal.outbox.ChangeSnapshot;
import dev.burnrate.bridge.internal.outbox.OutboxJson;
import dev.burnrate.bridge.internal.outbox.Snapshots;
import java.sql.Connection;
import java.sql.SQLException;

/** A change's outbox snapshot, read in the transaction that changes it. */
public final class ChangeSnapshots {
  private ChangeSnapshots() {}

  /** The snapshot of a change with its gate decision, links and timeline. */
  public static ChangeSnapshot of(Connection c, Change ch) throws SQLException {
    ChangeSnapshot.Gate gate = null;
    if (ch.gateDecisionId() != null) {
      GateDecision d = ChangeSql.decision(c, ch.gateDecisionId()).orElseThrow();
      gate =
          new ChangeSnapshot.Gate(
              d.id(),
              d.allowed() ? "allow" : "deny",
              d.allowed(),
              d.flagged(),
              d.service(),
              d.kind(),
              d.reasons(),
              OutboxJson.object(d.budgets()),
              d.evaluatedAt(),
              d.changeKey());
    }
    ChangePlan plan = ch.plan();
    return new ChangeSnapshot(
        ch.key(),
        ch.title(),
        ch.service(),
        ch.kind(),
        ch.state(),
        new ChangeSnapshot.Source(
            ch.sourceSystem(),
            ch.sourceCommit(),
            ch.sourceVersion(),
            ch.sourceUrl(),
            ch.externalId(),
            ch.committedAt()),
        ch.startedAt(),
        ch.endedAt(),
        ch.flagged(),
        ch.createdAt(),
        new ChangeSnapshot.Plan(
            plan.windowStart(),
            plan.windowEnd(),
            plan.rollbackPlan(),
            plan.risk(),
            plan.template()),
        ch.requestedBy(),
        ch.suspectIncident(),
        gate,
        Snapshots.links(c, ch.key()),
        Snapshots.timeline(c, ch.key()));
  }
}
