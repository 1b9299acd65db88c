package dev.burnrate.bridge.internal.problem;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.Link;
import dev.burnrate.bridge.internal.record.LinkSql;
import dev.burnrate.bridge.internal.record.RecordViews;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The JSON shape of a problem, shared by the REST API and the outbox payloads. */
public final class ProblemView {
  private ProblemView() {}

  /** A problem with its links; with {@code full}, its timeline too. */
  public static ObjectNode of(Connection c, Problem p, boolean full) throws SQLException {
    ObjectNode o = Json.object();
    o.put("kind", "problem");
    o.put("key", p.key());
    o.put("title", p.title());
    o.put("scope", p.scope());
    RecordViews.putNullable(o, "slo", p.slo());
    o.set("services", Json.strings(p.services()));
    o.put("state", p.state().wire());
    RecordViews.putNullable(o, "rootCause", p.rootCause());
    RecordViews.putNullable(o, "workaround", p.workaround());
    o.put("knownError", p.knownErrorAt() != null);
    Json.put(o, "openedAt", p.openedAt());
    Json.put(o, "knownErrorAt", p.knownErrorAt());
    Json.put(o, "resolvedAt", p.resolvedAt());
    Json.put(o, "closedAt", p.closedAt());
    RecordViews.putNullable(o, "closedBy", p.closedBy());
    List<Link> links = LinkSql.of(c, p.key());
    ArrayNode incidents = Json.array();
    for (Link l : links) {
      if (l.relation().equals("problem") && l.targetKey().equals(p.key())) {
        incidents.add(l.sourceKey());
      }
    }
    o.set("incidents", incidents);
    java.util.Optional<ProblemFix> fix = ProblemFixSql.of(c, p.key());
    if (fix.isPresent()) {
      ObjectNode f = o.putObject("fix");
      f.put("change", fix.get().changeKey());
      Json.put(f, "linkedAt", fix.get().linkedAt());
      f.put("linkedBy", fix.get().linkedBy());
      Json.put(f, "completedAt", fix.get().completedAt());
    } else {
      o.putNull("fix");
    }
    if (full) {
      o.set("links", Json.MAPPER.valueToTree(RecordViews.links(links, p.key())));
      o.set("timeline", Json.MAPPER.valueToTree(RecordViews.timeline(TimelineSql.of(c, p.key()))));
    }
    return o;
  }
}
