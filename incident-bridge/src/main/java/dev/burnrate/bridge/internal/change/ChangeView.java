package dev.burnrate.bridge.internal.change;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.LinkSql;
import dev.burnrate.bridge.internal.record.RecordViews;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The JSON shape of a change and a gate decision, shared by the REST API and the outbox payloads.
 */
public final class ChangeView {
  private ChangeView() {}

  /** A change with its gate decision. */
  public static ObjectNode of(Connection c, Change ch, boolean full) throws SQLException {
    ObjectNode o = Json.object();
    o.put("kind", "change");
    o.put("key", ch.key());
    o.put("title", ch.title());
    o.put("service", ch.service());
    o.put("changeKind", ch.kind());
    o.put("state", ch.state().wire());
    ObjectNode src = o.putObject("source");
    RecordViews.putNullable(src, "system", ch.sourceSystem());
    RecordViews.putNullable(src, "commit", ch.sourceCommit());
    RecordViews.putNullable(src, "version", ch.sourceVersion());
    RecordViews.putNullable(src, "url", ch.sourceUrl());
    RecordViews.putNullable(src, "externalId", ch.externalId());
    Json.put(o, "startedAt", ch.startedAt());
    Json.put(o, "endedAt", ch.endedAt());
    o.put("flagged", ch.flagged());
    Json.put(o, "createdAt", ch.createdAt());
    if (ch.gateDecisionId() != null) {
      GateDecision d = ChangeSql.decision(c, ch.gateDecisionId()).orElseThrow();
      o.set("gateDecision", decision(d));
    } else {
      o.putNull("gateDecision");
    }
    if (full) {
      o.set("links", RecordViews.links(LinkSql.of(c, ch.key()), ch.key()));
      o.set("timeline", RecordViews.timeline(TimelineSql.of(c, ch.key())));
    }
    return o;
  }

  /** A gate decision. */
  public static ObjectNode decision(GateDecision d) {
    ObjectNode o = Json.object();
    o.put("id", d.id());
    o.put("decision", d.allowed() ? "allow" : "deny");
    o.put("allowed", d.allowed());
    o.put("flagged", d.flagged());
    o.put("service", d.service());
    o.put("changeKind", d.kind());
    o.set("reasons", Json.strings(d.reasons()));
    o.set("budgets", d.budgets());
    Json.put(o, "evaluatedAt", d.evaluatedAt());
    RecordViews.putNullable(o, "change", d.changeKey());
    return o;
  }
}
