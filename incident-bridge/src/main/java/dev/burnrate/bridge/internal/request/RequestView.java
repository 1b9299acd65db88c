package dev.burnrate.bridge.internal.request;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.RecordViews;
import dev.burnrate.yaml.Durations;
import java.time.Duration;
import java.time.Instant;

/** The JSON shape of a service request, shared by the REST API and the outbox payloads. */
public final class RequestView {
  private RequestView() {}

  /** A service request: the built-in types as they always were, catalog types with fulfilment. */
  public static ObjectNode of(ServiceRequest r, Instant now) {
    if (r.type().equals(RequestCatalog.FREEZE_EXCEPTION)
        || r.type().equals(RequestCatalog.BUDGET_RESET)) {
      return builtIn(r, now);
    }
    ObjectNode o = Json.object();
    o.put("kind", "request");
    o.put("key", r.key());
    o.put("type", r.type());
    o.put("state", r.state().wire());
    o.set("fields", r.fields());
    o.put("requestedBy", r.requestedBy());
    Json.put(o, "requestedAt", r.requestedAt());
    RecordViews.putNullable(o, "decidedBy", r.decidedBy());
    Json.put(o, "decidedAt", r.decidedAt());
    RecordViews.putNullable(o, "decisionComment", r.decisionComment());
    ObjectNode f = o.putObject("fulfilment");
    Json.put(f, "startedAt", r.startedAt());
    RecordViews.putNullable(f, "executionId", r.executionId());
    Json.put(f, "finishedAt", r.finishedAt());
    RecordViews.putNullable(f, "by", r.fulfilledBy());
    if (r.outcome() == null) {
      f.putNull("outcome");
    } else {
      f.set("outcome", r.outcome());
    }
    o.set("target", target(r, now));
    return o;
  }

  /** The fulfilment target: when it is due, the time left and whether it was breached. */
  static ObjectNode target(ServiceRequest r, Instant now) {
    ObjectNode t = Json.object();
    Json.put(t, "dueAt", r.dueAt());
    if (r.dueAt() == null || r.state() == RequestState.REJECTED) {
      t.putNull("timeLeft");
      t.put("breached", false);
      Json.put(t, "breachedAt", r.breachedAt());
      return t;
    }
    Instant end = r.finishedAt() != null ? r.finishedAt() : now;
    boolean breached = end.isAfter(r.dueAt());
    if (r.finishedAt() != null || breached) {
      t.putNull("timeLeft");
    } else {
      t.put("timeLeft", Durations.format(Duration.between(now, r.dueAt()).withNanos(0)));
    }
    t.put("breached", breached);
    Json.put(t, "breachedAt", r.breachedAt());
    return t;
  }

  private static ObjectNode builtIn(ServiceRequest r, Instant now) {
    ObjectNode o = Json.object();
    o.put("kind", "request");
    o.put("key", r.key());
    o.put("type", r.type());
    o.put("service", r.service());
    RecordViews.putNullable(o, "slo", r.slo());
    o.put("state", r.state().wire());
    o.put("inForce", r.inForce(now));
    o.put("expired", !now.isBefore(r.validUntil()));
    o.put("reason", r.reason());
    o.put("requestedBy", r.requestedBy());
    Json.put(o, "requestedAt", r.requestedAt());
    Json.put(o, "validFrom", r.validFrom());
    Json.put(o, "validUntil", r.validUntil());
    RecordViews.putNullable(o, "decidedBy", r.decidedBy());
    Json.put(o, "decidedAt", r.decidedAt());
    RecordViews.putNullable(o, "decisionComment", r.decisionComment());
    return o;
  }

  /** A request type: its fields, approval, fulfilment and target. */
  public static ObjectNode type(RequestType t) {
    ObjectNode o = Json.object();
    o.put("name", t.name());
    o.put("description", t.description());
    o.put("builtIn", t.builtIn());
    ArrayNode fields = o.putArray("fields");
    for (FieldSpec f : t.fields()) {
      ObjectNode n = fields.addObject();
      n.put("name", f.name());
      n.put("type", f.type().wire());
      n.put("required", f.required());
      RecordViews.putNullable(n, "pattern", f.pattern() == null ? null : f.pattern().pattern());
      if (f.type() == FieldSpec.FieldType.ENUM) {
        n.set("values", Json.strings(f.values()));
      }
      n.put("description", f.description());
    }
    ObjectNode a = o.putObject("approval");
    a.put("required", t.approval().required());
    a.set("approvers", Json.strings(t.approval().approvers()));
    ObjectNode f = o.putObject("fulfilment");
    f.put("mode", t.fulfilment().mode());
    if (t.fulfilment() instanceof Fulfilment.StackStorm st) {
      f.put("action", st.action());
    }
    RecordViews.putNullable(o, "target", t.target().map(Durations::format).orElse(null));
    return o;
  }
}
