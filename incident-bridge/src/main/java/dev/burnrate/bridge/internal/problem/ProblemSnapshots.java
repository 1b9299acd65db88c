package dev.burnrate.bridge.internal.problem;

import dev.burnrate.bridge.internal.outbox.ProblemSnapshot;
import dev.burnrate.bridge.internal.outbox.Snapshots;
import dev.burnrate.bridge.internal.record.Link;
import dev.burnrate.bridge.internal.record.LinkSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A problem's outbox snapshot, read in the transaction that changes it. */
public final class ProblemSnapshots {
  private ProblemSnapshots() {}

  /** The snapshot of a problem with its incidents, fix, links and timeline. */
  public static ProblemSnapshot of(Connection c, Problem p) throws SQLException {
    List<Link> links = LinkSql.of(c, p.key());
    return new ProblemSnapshot(
        p.key(),
        p.title(),
        p.scope(),
        p.services(),
        p.slo(),
        p.rootCause(),
        p.workaround(),
        p.state(),
        p.knownErrorAt() != null,
        p.openedAt(),
        p.knownErrorAt(),
        p.resolvedAt(),
        p.closedAt(),
        p.closedBy(),
        ProblemView.incidents(links, p.key()),
        fix(c, p.key()),
        Snapshots.links(links, p.key()),
        Snapshots.timeline(c, p.key()));
  }

  /** The change named to fix a problem, or null when none is. */
  static ProblemSnapshot.Fix fix(Connection c, String key) throws SQLException {
    return ProblemFixSql.of(c, key)
        .map(
            f ->
                new ProblemSnapshot.Fix(f.changeKey(), f.linkedAt(), f.linkedBy(), f.completedAt()))
        .orElse(null);
  }
}
