package dev.burnrate.bridge.internal.incident;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot;
import dev.burnrate.bridge.internal.outbox.Snapshot;
import dev.burnrate.bridge.internal.outbox.Snapshot.LinkLine;
import dev.burnrate.bridge.internal.outbox.Snapshot.TimelineLine;
import dev.burnrate.bridge.internal.outbox.Snapshots;
import dev.burnrate.bridge.internal.record.ExternalRecordSql;
import dev.burnrate.bridge.internal.record.RecordViews;
import dev.burnrate.bridge.internal.record.RecordViews.ExternalView;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The response shape of an incident: {@code kind}, then its outbox snapshot's fields, then the
 * parts that only some answers carry (the response record with the time left, links and timeline,
 * external records), left out when null.
 *
 * @param incident the incident as the tools get it, without its response, links and timeline
 */
public record IncidentView(
    String kind,
    @Snapshot.Inlined @JsonIgnoreProperties({"response", "links", "timeline"})
        IncidentSnapshot incident,
    @JsonInclude(Include.NON_NULL) ResponseView response,
    @JsonInclude(Include.NON_NULL) List<LinkLine> links,
    @JsonInclude(Include.NON_NULL) List<TimelineLine> timeline,
    @JsonInclude(Include.NON_NULL) List<ExternalView> externalRecords) {

  /** An incident as a write answers it and the outbox carries it: with links and timeline. */
  public static IncidentView of(Connection c, Incident i, boolean full) throws SQLException {
    return build(c, i, full, null, false);
  }

  /** An incident in a list: with the time left to its targets at {@code now}. */
  static IncidentView listed(Connection c, Incident i, Instant now) throws SQLException {
    return build(c, i, false, now, false);
  }

  /** An incident read by key: everything, the time left and its external records too. */
  static IncidentView read(Connection c, Incident i, Instant now) throws SQLException {
    return build(c, i, true, now, true);
  }

  private static IncidentView build(
      Connection c, Incident i, boolean full, Instant now, boolean external) throws SQLException {
    Optional<IncidentResponse> response = ResponseSql.of(c, i.key(), false);
    return new IncidentView(
        "incident",
        IncidentSnapshots.of(c, i, response, List.of(), List.of()),
        response.map(r -> ResponseView.of(r, i, now)).orElse(null),
        full ? Snapshots.links(c, i.key()) : null,
        full ? Snapshots.timeline(c, i.key()) : null,
        external ? RecordViews.external(ExternalRecordSql.of(c, i.key())) : null);
  }
}
