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
    List<String> incidents =
        links.stream()
            .filter(l -> l.relation().equals("problem") && l.targetKey().equals(p.key()))
            .map(Link::sourceKey)
            .toList();
    ProblemSnapshot.Fix fix =
        ProblemFixSql.of(c, p.key())
            .map(
                f ->
                    new ProblemSnapshot.Fix(
                        f.changeKey(), f.linkedAt(), f.linkedBy(), f.completedAt()))
            .orElse(null);
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
        incidents,
        fix,
        Snapshots.links(links, p.key()),
        Snapshots.timeline(c, p.key()));
  }
}
