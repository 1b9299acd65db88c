package dev.burnrate.bridge.internal.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import dev.burnrate.bridge.internal.outbox.ProblemSnapshot;
import dev.burnrate.bridge.internal.record.ExternalRecordSql;
import dev.burnrate.bridge.internal.record.Link;
import dev.burnrate.bridge.internal.record.LinkSql;
import dev.burnrate.bridge.internal.record.RecordViews;
import dev.burnrate.bridge.internal.record.RecordViews.ExternalView;
import dev.burnrate.bridge.internal.record.RecordViews.LinkView;
import dev.burnrate.bridge.internal.record.RecordViews.TimelineView;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The response shape of a problem. The parts only some answers carry (links and timeline, external
 * records) are left out when null; every other field is written, null or not.
 */
public record ProblemView(
    String kind,
    String key,
    String title,
    String scope,
    String slo,
    List<String> services,
    String state,
    String rootCause,
    String workaround,
    boolean knownError,
    Instant openedAt,
    Instant knownErrorAt,
    Instant resolvedAt,
    Instant closedAt,
    String closedBy,
    List<String> incidents,
    ProblemSnapshot.Fix fix,
    @JsonInclude(Include.NON_NULL) List<LinkView> links,
    @JsonInclude(Include.NON_NULL) List<TimelineView> timeline,
    @JsonInclude(Include.NON_NULL) List<ExternalView> externalRecords) {

  /** A problem with its incidents and fix; with {@code full}, its links and timeline too. */
  public static ProblemView of(Connection c, Problem p, boolean full) throws SQLException {
    return build(c, p, full, false);
  }

  /** A problem read by key: everything, its external records too. */
  static ProblemView read(Connection c, Problem p) throws SQLException {
    return build(c, p, true, true);
  }

  private static ProblemView build(Connection c, Problem p, boolean full, boolean external)
      throws SQLException {
    List<Link> links = LinkSql.of(c, p.key());
    return new ProblemView(
        "problem",
        p.key(),
        p.title(),
        p.scope(),
        p.slo(),
        p.services(),
        p.state().wire(),
        p.rootCause(),
        p.workaround(),
        p.knownErrorAt() != null,
        p.openedAt(),
        p.knownErrorAt(),
        p.resolvedAt(),
        p.closedAt(),
        p.closedBy(),
        incidents(links, p.key()),
        ProblemSnapshots.fix(c, p.key()),
        full ? RecordViews.links(links, p.key()) : null,
        full ? RecordViews.timeline(TimelineSql.of(c, p.key())) : null,
        external ? RecordViews.external(ExternalRecordSql.of(c, p.key())) : null);
  }

  /** The incidents linked to a problem, oldest link first. */
  static List<String> incidents(List<Link> links, String problemKey) {
    return links.stream()
        .filter(l -> l.relation().equals("problem") && l.targetKey().equals(problemKey))
        .map(Link::sourceKey)
        .toList();
  }
}
