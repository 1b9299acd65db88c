package dev.burnrate.bridge.internal.change;

import dev.burnrate.bridge.internal.outbox.ChangeSnapshot;
import dev.burnrate.bridge.internal.outbox.Snapshot.LinkLine;
import dev.burnrate.bridge.internal.outbox.Snapshot.TimelineLine;
import dev.burnrate.bridge.internal.outbox.Snapshots;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A change's outbox snapshot, read in the transaction that changes it. */
public final class ChangeSnapshots {
  private ChangeSnapshots() {}

  /** The snapshot of a change with its gate decision, links and timeline. */
  public static ChangeSnapshot of(Connection c, Change ch) throws SQLException {
    return of(c, ch, Snapshots.links(c, ch.key()), Snapshots.timeline(c, ch.key()));
  }

  /** The snapshot of a change with its gate decision, and the links and timeline given. */
  static ChangeSnapshot of(
      Connection c, Change ch, List<LinkLine> links, List<TimelineLine> timeline)
      throws SQLException {
    return new ChangeSnapshot(
        ch.key(),
        ch.title(),
        ch.service(),
        ch.kind(),
        ch.state(),
        source(ch),
        ch.startedAt(),
        ch.endedAt(),
        ch.flagged(),
        ch.createdAt(),
        plan(ch),
        ch.requestedBy(),
        ch.suspectIncident(),
        gate(c, ch),
        links,
        timeline);
  }

  /** Where a change comes from, as snapshots and REST answers carry it. */
  static ChangeSnapshot.Source source(Change ch) {
    return new ChangeSnapshot.Source(
        ch.sourceSystem(),
        ch.sourceCommit(),
        ch.sourceVersion(),
        ch.sourceUrl(),
        ch.externalId(),
        ch.committedAt());
  }

  /** A change's plan, as snapshots and REST answers carry it. */
  static ChangeSnapshot.Plan plan(Change ch) {
    ChangePlan p = ch.plan();
    return new ChangeSnapshot.Plan(
        p.windowStart(), p.windowEnd(), p.rollbackPlan(), p.risk(), p.template());
  }

  /** The gate decision that let a change through, or null when none did. */
  static ChangeSnapshot.Gate gate(Connection c, Change ch) throws SQLException {
    return ch.gateDecisionId() == null
        ? null
        : gate(ChangeSql.decision(c, ch.gateDecisionId()).orElseThrow());
  }

  /** A recorded gate decision, as snapshots and REST answers carry it. */
  static ChangeSnapshot.Gate gate(GateDecision d) {
    return new ChangeSnapshot.Gate(
        d.id(),
        d.allowed() ? "allow" : "deny",
        d.allowed(),
        d.flagged(),
        d.service(),
        d.kind(),
        d.reasons(),
        d.budgets(),
        d.evaluatedAt(),
        d.changeKey());
  }
}
