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
    Json.put(src, "committedAt", ch.committedAt());
    Json.put(o, "startedAt", ch.startedAt());
    Json.put(o, "endedAt", ch.endedAt());
    o.put("flagged", ch.flagged());
    Json.put(o, "createdAt", ch.createdAt());
    ObjectNode plan = o.putObject("plan");
    Json.put(plan, "windowStart", ch.plan().windowStart());
    Json.put(plan, "windowEnd", ch.plan().windowEnd());
    RecordViews.putNullable(plan, "rollbackPlan", ch.plan().rollbackPlan());
    RecordViews.putNullable(plan, "risk", ch.plan().risk());
    RecordViews.putNullable(plan, "template", ch.plan().template());
    RecordViews.putNullable(o, "requestedBy", ch.requestedBy());
    RecordViews.putNullable(o, "suspectIncident", ch.suspectIncident());
    if (ch.gateDecisionId() != null) {
      GateDecision d = ChangeSql.decision(c, ch.gateDecisionId()).orElseThrow();
      o.set("gateDecision", decision(d));
    } else {
      o.putNull("gateDecision");
    }
    if (full) {
      o.set("links", Json.MAPPER.valueToTree(RecordViews.links(LinkSql.of(c, ch.key()), ch.key())));
      o.set("timeline", Json.MAPPER.valueToTree(RecordViews.timeline(TimelineSql.of(c, ch.key()))));
    }
    return o;
  }

  /**
   * Adds a change's approval (rule, decisions, status) and its outcome at {@code now}.
   *
   * @param decisions its approvers' decisions, oldest first
   * @param window the correlation window, after which a completed change counts as successful
   */
  public static void putEnablement(
      ObjectNode o,
      Change ch,
      java.util.List<ChangeApproval> decisions,
      java.time.Instant now,
      java.time.Duration window) {
    ObjectNode a = o.putObject("approval");
    a.put("required", ch.approval().required());
    a.set("approvers", Json.strings(ch.approval().approvers()));
    long approvals = decisions.stream().filter(ChangeApproval::approved).count();
    String status;
    if (!ch.approval().needed()) {
      status = "not_required";
    } else if (decisions.stream().anyMatch(d -> !d.approved())) {
      status = "rejected";
    } else {
      status = approvals >= ch.approval().required() ? "approved" : "pending";
    }
    a.put("status", status);
    a.put("approvals", approvals);
    var list = a.putArray("decisions");
    for (ChangeApproval d : decisions) {
      ObjectNode x = list.addObject();
      x.put("by", d.actor());
      x.put("decision", d.approved() ? "approve" : "reject");
      RecordViews.putNullable(x, "comment", d.comment());
      Json.put(x, "at", d.at());
    }
    o.put("outcome", ch.outcome(now, window).wire());
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
