package dev.burnrate.bridge.internal.problem;

import dev.burnrate.bridge.internal.outbox.ProblemSnapshot;
import dev.burnrate.bridge.internal.outbox.Snapshot.LinkLine;
import dev.burnrate.bridge.internal.outbox.Snapshot.TimelineLine;
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
    return of(c, p, links, Snapshots.links(links, p.key()), Snapshots.timeline(c, p.key()));
  }

  /**
   * The snapshot of a problem with its incidents (from its {@code links}) and fix, and the link
   * lines and timeline given.
   */
  static ProblemSnapshot of(
      Connection c, Problem p, List<Link> links, List<LinkLine> lines, List<TimelineLine> timeline)
      throws SQLException {
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
        incidents(links, p.key()),
        fix(c, p.key()),
        lines,
        timeline);
  }

  /** The incidents linked to a problem, oldest link first. */
  static List<String> incidents(List<Link> links, String problemKey) {
    return links.stream()
        .filter(l -> l.relation().equals("problem") && l.targetKey().equals(problemKey))
        .map(Link::sourceKey)
        .toList();
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
