package dev.burnrate.bridge.internal.incident;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.alert.AlertSignal;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.RecordViews;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The JSON of an incident's assignment, targets and breaches, as part of the incident's view. */
final class ResponseView {
  private ResponseView() {}

  /**
   * Adds {@code assignment} and {@code response} to an incident's JSON; nothing without a record.
   */
  static void put(Connection c, ObjectNode o, Incident i) throws SQLException {
    Optional<IncidentResponse> found = ResponseSql.of(c, i.key(), false);
    if (found.isEmpty()) {
      return;
    }
    IncidentResponse r = found.get();
    ObjectNode a = o.putObject("assignment");
    RecordViews.putNullable(a, "group", r.group());
    RecordViews.putNullable(a, "assignee", r.assignee());
    ObjectNode resp = o.putObject("response");
    ObjectNode t = resp.putObject("targets");
    t.put("acknowledge", AlertSignal.fmt(r.acknowledgeTarget()));
    t.put("resolve", AlertSignal.fmt(r.resolveTarget()));
    resp.put("paused", r.heldSince() != null);
    resp.put("heldSeconds", r.held().toSeconds());
    Json.put(resp, "onHoldSince", r.heldSince());
    seconds(resp, "timeToAcknowledgeSeconds", r.timeToAcknowledge());
    seconds(resp, "timeToResolveSeconds", r.timeToResolve());
    ArrayNode breaches = resp.putArray("breaches");
    if (r.acknowledgeBreachedAt() != null) {
      breach(breaches, "acknowledge", r.acknowledgeBreachedAt());
    }
    if (r.resolveBreachedAt() != null) {
      breach(breaches, "resolve", r.resolveBreachedAt());
    }
    resp.put("insideTargets", r.insideTargets());
  }

  /** Adds the time left to each target at {@code now} (negative when late; null once met). */
  static void putTimeLeft(Connection c, ObjectNode o, Incident i, Instant now) throws SQLException {
    Optional<IncidentResponse> found = ResponseSql.of(c, i.key(), false);
    if (found.isEmpty() || !(o.get("response") instanceof ObjectNode resp)) {
      return;
    }
    ObjectNode left = resp.putObject("timeLeftSeconds");
    seconds(left, "acknowledge", found.get().acknowledgeLeft(i, now));
    seconds(left, "resolve", found.get().resolveLeft(i, now));
  }

  private static void breach(ArrayNode breaches, String target, Instant at) {
    ObjectNode b = breaches.addObject();
    b.put("target", target);
    Json.put(b, "at", at);
  }

  private static void seconds(ObjectNode o, String field, Duration d) {
    if (d == null) {
      o.putNull(field);
    } else {
      o.put(field, d.toMillis() / 1000.0);
    }
  }
}
