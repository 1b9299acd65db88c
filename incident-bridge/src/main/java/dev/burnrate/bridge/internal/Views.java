package dev.burnrate.bridge.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.Model.Change;
import dev.burnrate.bridge.internal.Model.GateDecision;
import dev.burnrate.bridge.internal.Model.Incident;
import dev.burnrate.bridge.internal.Model.Link;
import dev.burnrate.bridge.internal.Model.Problem;
import dev.burnrate.bridge.internal.Model.ServiceRequest;
import dev.burnrate.bridge.internal.Model.TimelineEntry;
import dev.burnrate.bridge.record.Priority;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The JSON shape of every record, shared by the REST API and the outbox payloads. */
public final class Views {
  private Views() {}

  /** An incident; with {@code full}, its links and timeline too. */
  public static ObjectNode incident(Connection c, Incident i, boolean full) throws SQLException {
    ObjectNode o = Json.object();
    o.put("kind", "incident");
    o.put("key", i.key());
    o.put("title", i.title());
    o.put("service", i.service());
    if (i.slo() == null) {
      o.putNull("slo");
    } else {
      o.put("slo", i.slo());
    }
    o.put("severity", i.severity());
    o.put("priority", Priority.format(i.priority()));
    o.put("state", i.state());
    o.put("recovered", i.recoveredAt() != null && i.active());
    Json.put(o, "recoveredAt", i.recoveredAt());
    o.put("source", i.source());
    o.put("autoResolve", i.autoResolve());
    Json.put(o, "openedAt", i.openedAt());
    Json.put(o, "acknowledgedAt", i.acknowledgedAt());
    putNullable(o, "acknowledgedBy", i.acknowledgedBy());
    Json.put(o, "resolvedAt", i.resolvedAt());
    putNullable(o, "resolvedBy", i.resolvedBy());
    Json.put(o, "closedAt", i.closedAt());
    putNullable(o, "closedBy", i.closedBy());
    putNullable(o, "resolution", i.resolution());
    o.set("impactedServices", Json.strings(i.impacted()));
    o.set("labels", Json.stringMap(i.labels()));
    ArrayNode alerts = Json.array();
    i.activeAlerts()
        .properties()
        .forEach(
            e -> {
              ObjectNode a = e.getValue().deepCopy();
              a.put("id", e.getKey());
              alerts.add(a);
            });
    o.set("activeAlerts", alerts);
    if (full) {
      o.set("links", links(Store.links(c, i.key()), i.key()));
      o.set("timeline", timeline(Store.timeline(c, i.key())));
    }
    return o;
  }

  /** A problem with its links; with {@code full}, its timeline too. */
  public static ObjectNode problem(Connection c, Problem p, boolean full) throws SQLException {
    ObjectNode o = Json.object();
    o.put("kind", "problem");
    o.put("key", p.key());
    o.put("title", p.title());
    o.put("scope", p.scope());
    putNullable(o, "slo", p.slo());
    o.set("services", Json.strings(p.services()));
    o.put("state", p.state());
    putNullable(o, "rootCause", p.rootCause());
    putNullable(o, "workaround", p.workaround());
    o.put("knownError", p.knownErrorAt() != null);
    Json.put(o, "openedAt", p.openedAt());
    Json.put(o, "knownErrorAt", p.knownErrorAt());
    Json.put(o, "resolvedAt", p.resolvedAt());
    Json.put(o, "closedAt", p.closedAt());
    putNullable(o, "closedBy", p.closedBy());
    List<Link> links = Store.links(c, p.key());
    ArrayNode incidents = Json.array();
    for (Link l : links) {
      if (l.relation().equals("problem") && l.targetKey().equals(p.key())) {
        incidents.add(l.sourceKey());
      }
    }
    o.set("incidents", incidents);
    if (full) {
      o.set("links", links(links, p.key()));
      o.set("timeline", timeline(Store.timeline(c, p.key())));
    }
    return o;
  }

  /** A change with its gate decision. */
  public static ObjectNode change(Connection c, Change ch, boolean full) throws SQLException {
    ObjectNode o = Json.object();
    o.put("kind", "change");
    o.put("key", ch.key());
    o.put("title", ch.title());
    o.put("service", ch.service());
    o.put("changeKind", ch.kind());
    o.put("state", ch.state());
    ObjectNode src = o.putObject("source");
    putNullable(src, "system", ch.sourceSystem());
    putNullable(src, "commit", ch.sourceCommit());
    putNullable(src, "version", ch.sourceVersion());
    putNullable(src, "url", ch.sourceUrl());
    putNullable(src, "externalId", ch.externalId());
    Json.put(o, "startedAt", ch.startedAt());
    Json.put(o, "endedAt", ch.endedAt());
    o.put("flagged", ch.flagged());
    Json.put(o, "createdAt", ch.createdAt());
    if (ch.gateDecisionId() != null) {
      GateDecision d = Store.decision(c, ch.gateDecisionId()).orElseThrow();
      o.set("gateDecision", decision(d));
    } else {
      o.putNull("gateDecision");
    }
    if (full) {
      o.set("links", links(Store.links(c, ch.key()), ch.key()));
      o.set("timeline", timeline(Store.timeline(c, ch.key())));
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
    putNullable(o, "change", d.changeKey());
    return o;
  }

  /** A service request. */
  public static ObjectNode request(ServiceRequest r, Instant now) {
    ObjectNode o = Json.object();
    o.put("kind", "request");
    o.put("key", r.key());
    o.put("type", r.type());
    o.put("service", r.service());
    putNullable(o, "slo", r.slo());
    o.put("state", r.state());
    o.put("inForce", r.inForce(now));
    o.put("expired", !now.isBefore(r.validUntil()));
    o.put("reason", r.reason());
    o.put("requestedBy", r.requestedBy());
    Json.put(o, "requestedAt", r.requestedAt());
    Json.put(o, "validFrom", r.validFrom());
    Json.put(o, "validUntil", r.validUntil());
    putNullable(o, "decidedBy", r.decidedBy());
    Json.put(o, "decidedAt", r.decidedAt());
    putNullable(o, "decisionComment", r.decisionComment());
    return o;
  }

  static ArrayNode links(List<Link> links, String self) {
    ArrayNode a = Json.array();
    for (Link l : links) {
      ObjectNode o = a.addObject();
      boolean outgoing = l.sourceKey().equals(self);
      o.put("key", outgoing ? l.targetKey() : l.sourceKey());
      o.put("relation", l.relation());
      o.put("direction", outgoing ? "outgoing" : "incoming");
      putNullable(o, "url", l.url());
      Json.put(o, "createdAt", l.createdAt());
      o.put("createdBy", l.createdBy());
    }
    return a;
  }

  static ArrayNode timeline(List<TimelineEntry> entries) {
    ArrayNode a = Json.array();
    for (TimelineEntry t : entries) {
      ObjectNode o = a.addObject();
      Json.put(o, "at", t.at());
      o.put("kind", t.kind());
      o.put("message", t.message());
      o.put("actor", t.actor());
      o.set("details", t.details());
    }
    return a;
  }

  static void putNullable(ObjectNode o, String field, String value) {
    if (value == null) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }
}
