package dev.burnrate.bridge.internal.problem;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import dev.burnrate.bridge.internal.outbox.ProblemSnapshot;
import dev.burnrate.bridge.internal.outbox.Snapshot;
import dev.burnrate.bridge.internal.outbox.Snapshot.LinkLine;
import dev.burnrate.bridge.internal.outbox.Snapshot.TimelineLine;
import dev.burnrate.bridge.internal.outbox.Snapshots;
import dev.burnrate.bridge.internal.record.ExternalRecordSql;
import dev.burnrate.bridge.internal.record.Link;
import dev.burnrate.bridge.internal.record.LinkSql;
import dev.burnrate.bridge.internal.record.RecordViews;
import dev.burnrate.bridge.internal.record.RecordViews.ExternalView;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The response shape of a problem: {@code kind}, then its outbox snapshot's fields, then the parts
 * only some answers carry (links and timeline, external records), left out when null.
 *
 * @param problem the problem as the tools get it, without its links and timeline
 */
public record ProblemView(
    String kind,
    @Snapshot.Inlined @JsonIgnoreProperties({"links", "timeline"}) ProblemSnapshot problem,
    @JsonInclude(Include.NON_NULL) List<LinkLine> links,
    @JsonInclude(Include.NON_NULL) List<TimelineLine> timeline,
    @JsonInclude(Include.NON_NULL) List<ExternalView> externalRecords) {

  /** The problem's key, such as {@code PRB-3}. */
  public String key() {
    return problem.key();
  }

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
        ProblemSnapshots.of(c, p, links, List.of(), List.of()),
        full ? Snapshots.links(links, p.key()) : null,
        full ? Snapshots.timeline(c, p.key()) : null,
        external ? RecordViews.external(ExternalRecordSql.of(c, p.key())) : null);
  }
}
