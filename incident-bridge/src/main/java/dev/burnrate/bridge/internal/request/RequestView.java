package dev.burnrate.bridge.internal.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.RecordViews;
import java.time.Instant;

/** The JSON shape of a service request, shared by the REST API and the outbox payloads. */
public final class RequestView {
  private RequestView() {}

  /** A service request. */
  public static ObjectNode of(ServiceRequest r, Instant now) {
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
}
