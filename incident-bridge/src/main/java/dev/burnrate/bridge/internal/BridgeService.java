package dev.burnrate.bridge.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ServiceCatalog;
import dev.burnrate.bridge.internal.Model.Change;
import dev.burnrate.bridge.internal.Model.Incident;
import dev.burnrate.bridge.internal.Model.Problem;
import dev.burnrate.bridge.internal.Model.ServiceRequest;
import dev.burnrate.http.HttpProblem;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/** What people and pipelines do through the API: act on incidents, problems, changes, requests. */
public final class BridgeService {
  /** The longest a freeze exception or budget reset may be valid. */
  static final Duration MAX_REQUEST_VALIDITY = Duration.ofDays(30);

  private final Context ctx;
  private final IncidentRules rules;

  /** A service over a context. */
  public BridgeService(Context ctx, IncidentRules rules) {
    this.ctx = ctx;
    this.rules = rules;
  }

  /** The context. */
  public Context context() {
    return ctx;
  }

  static HttpProblem conflict(String detail) {
    return new HttpProblem(409, "Conflict", detail);
  }

  private Instant now() {
    return ctx.clock().instant();
  }

  /** Rejects a service the catalog does not know (when there is a catalog). */
  void checkService(String field, String service) {
    ServiceCatalog cat = ctx.catalog();
    if (!cat.services().isEmpty() && cat.service(service).isEmpty()) {
      throw HttpProblem.badRequest(
          field,
          "unknown service '"
              + service
              + "'; known: "
              + cat.services().stream().map(ServiceCatalog.Service::name).toList());
    }
  }

  // ---- incidents

  /** A page of incidents. */
  public ObjectNode listIncidents(Store.Filter f) {
    return listPage(f, c -> Store.incidents(c, f), (c, i) -> Views.incident(c, i, false));
  }

  /** Reads one page of records in a transaction. */
  @FunctionalInterface
  private interface PageQuery<T> {
    List<T> read(Connection c) throws SQLException;
  }

  /** Renders one record of a page. */
  @FunctionalInterface
  private interface PageView<T> {
    ObjectNode render(Connection c, T record) throws SQLException;
  }

  /** A page of records rendered in the transaction that read them. */
  private <T> ObjectNode listPage(Store.Filter f, PageQuery<T> query, PageView<T> view) {
    return ctx.db()
        .tx(
            c -> {
              List<ObjectNode> items = new ArrayList<>();
              for (T record : query.read(c)) {
                items.add(view.render(c, record));
              }
              return page(items, f.limit());
            });
  }

  static ObjectNode page(List<ObjectNode> items, int limit) {
    ObjectNode o = Json.object();
    ArrayNode a = o.putArray("items");
    items.forEach(a::add);
    if (items.size() == limit && !items.isEmpty()) {
      o.put("nextCursor", items.get(items.size() - 1).path("key").asText());
    } else {
      o.putNull("nextCursor");
    }
    return o;
  }

  /** One incident with links and timeline. */
  public ObjectNode incident(String key) {
    return ctx.db().tx(c -> Views.incident(c, findIncident(c, key, false), true));
  }

  private static Incident findIncident(Connection c, String key, boolean lock) throws SQLException {
    return Store.incident(c, key, lock)
        .orElseThrow(() -> HttpProblem.notFound("no incident " + key));
  }

  /** Opens an incident by hand. */
  public ObjectNode openManual(
      String title, String service, String severity, int priority, String slo, String by) {
    checkService("service", service);
    String dedup = "manual:" + java.util.UUID.randomUUID();
    ObjectNode d = Json.object();
    d.put("openedBy", by);
    AlertSignal s =
        new AlertSignal(
            "manual",
            dedup,
            "manual",
            true,
            service,
            slo,
            severity,
            priority,
            title,
            "opened by " + by + ": " + title,
            d,
            Map.of());
    String key = rules.apply(s).orElseThrow();
    return incident(key);
  }

  /** Acknowledges an open incident. */
  public ObjectNode acknowledge(String key, String by) {
    return incidentAction(
        key,
        by,
        "acknowledged",
        (c, i, now) -> {
          if (!i.state().equals("open")) {
            throw conflict(
                key + " is " + i.state() + "; only an open incident can be acknowledged");
          }
          return new Incident(
              i.id(),
              i.key(),
              i.title(),
              i.service(),
              i.slo(),
              i.severity(),
              i.priority(),
              "acknowledged",
              i.source(),
              i.dedupKey(),
              i.activeAlerts(),
              i.impacted(),
              i.autoResolve(),
              i.recoveredAt(),
              i.openedAt(),
              now,
              by,
              i.resolvedAt(),
              i.resolvedBy(),
              i.closedAt(),
              i.closedBy(),
              i.resolution(),
              i.labels());
        },
        "Acknowledged by " + by);
  }

  /** Resolves an open or acknowledged incident. */
  public ObjectNode resolve(String key, String by, String resolution) {
    String text = resolution == null ? "resolved by " + by : resolution;
    return incidentAction(
        key,
        by,
        "resolved",
        (c, i, now) -> {
          if (!i.active()) {
            throw conflict(key + " is already " + i.state());
          }
          return IncidentRules.resolved(i, now, by, text);
        },
        "Resolved by " + by + ": " + text);
  }

  /** Closes a resolved incident. */
  public ObjectNode close(String key, String by) {
    return incidentAction(
        key,
        by,
        "closed",
        (c, i, now) -> {
          if (!i.state().equals("resolved")) {
            throw conflict(key + " is " + i.state() + "; resolve it before closing it");
          }
          return new Incident(
              i.id(),
              i.key(),
              i.title(),
              i.service(),
              i.slo(),
              i.severity(),
              i.priority(),
              "closed",
              i.source(),
              i.dedupKey(),
              i.activeAlerts(),
              i.impacted(),
              i.autoResolve(),
              i.recoveredAt(),
              i.openedAt(),
              i.acknowledgedAt(),
              i.acknowledgedBy(),
              i.resolvedAt(),
              i.resolvedBy(),
              now,
              by,
              i.resolution(),
              i.labels());
        },
        "Closed by " + by);
  }

  @FunctionalInterface
  interface IncidentChange {
    Incident apply(Connection c, Incident i, Instant now) throws SQLException;
  }

  private ObjectNode incidentAction(
      String key, String by, String event, IncidentChange change, String message) {
    return ctx.tx(
        c -> {
          Incident i = findIncident(c, key, false);
          Db.lock(c, i.dedupKey());
          i = findIncident(c, key, true);
          Instant now = now();
          Incident next = change.apply(c, i, now);
          Store.updateIncident(c, next);
          Store.timeline(c, key, now, event, message, by, Json.object());
          ObjectNode view = Views.incident(c, next, true);
          ctx.outbox().enqueue(c, view, event, message, now);
          return view;
        });
  }

  // ---- comments and links (any record)

  /** Adds a comment to a record's timeline. */
  public ObjectNode comment(String key, String by, String text) {
    return ctx.tx(
        c -> {
          view(c, key);
          Instant now = now();
          Store.timeline(c, key, now, "comment", text, by, Json.object());
          ObjectNode view = view(c, key);
          ctx.outbox().enqueue(c, view, "commented", by + ": " + text, now);
          return view;
        });
  }

  /** Links a record to another record or to an external one. */
  public ObjectNode link(String key, String target, String relation, String url, String by) {
    return ctx.tx(
        c -> {
          view(c, key);
          String rel = relation;
          if (isInternalKey(target)) {
            view(c, target);
            if (target.equals(key)) {
              throw HttpProblem.badRequest("target", "a record cannot link to itself");
            }
            if (rel == null) {
              rel =
                  target.startsWith("PRB-")
                      ? "problem"
                      : target.startsWith("CHG-") ? "caused-by" : "related";
            }
          } else {
            if (url == null) {
              throw HttpProblem.badRequest("url", "an external link needs a url");
            }
            rel = rel == null ? "external" : rel;
          }
          Instant now = now();
          if (!Store.link(c, key, target, rel, url, now, by)) {
            throw conflict(key + " is already linked to " + target + " as " + rel);
          }
          String msg = "Linked to " + target + " (" + rel + ") by " + by;
          Store.timeline(c, key, now, "linked", msg, by, Json.object());
          if (isInternalKey(target)) {
            Store.timeline(
                c,
                target,
                now,
                "linked",
                "Linked from " + key + " (" + rel + ") by " + by,
                by,
                Json.object());
            ctx.outbox().enqueue(c, view(c, target), "linked", "Linked from " + key, now);
          }
          ObjectNode v = view(c, key);
          ctx.outbox().enqueue(c, v, "linked", msg, now);
          return v;
        });
  }

  /** Removes a link. */
  public ObjectNode unlink(String key, String target, String by) {
    return ctx.tx(
        c -> {
          view(c, key);
          boolean any = false;
          for (Model.Link l : Store.links(c, key)) {
            boolean match =
                (l.sourceKey().equals(key) && l.targetKey().equals(target))
                    || (l.targetKey().equals(key) && l.sourceKey().equals(target));
            if (match) {
              any |= Store.unlink(c, key, target, l.relation());
            }
          }
          if (!any) {
            throw HttpProblem.notFound(key + " has no link to " + target);
          }
          Instant now = now();
          Store.timeline(
              c, key, now, "unlinked", "Unlinked from " + target + " by " + by, by, Json.object());
          ObjectNode v = view(c, key);
          ctx.outbox().enqueue(c, v, "unlinked", "Unlinked from " + target, now);
          return v;
        });
  }

  static boolean isInternalKey(String k) {
    return k.matches("(INC|PRB|CHG)-[0-9]+");
  }

  /** The full view of any record by key; 404 when missing. */
  ObjectNode view(Connection c, String key) throws SQLException {
    if (key.startsWith("INC-")) {
      return Views.incident(c, findIncident(c, key, false), true);
    }
    if (key.startsWith("PRB-")) {
      return Views.problem(c, findProblem(c, key, false), true);
    }
    if (key.startsWith("CHG-")) {
      return Views.change(c, findChange(c, key, false), true);
    }
    throw HttpProblem.notFound("no record " + key);
  }

  // ---- problems

  private static Problem findProblem(Connection c, String key, boolean lock) throws SQLException {
    return Store.problem(c, key, lock).orElseThrow(() -> HttpProblem.notFound("no problem " + key));
  }

  /** A page of problems. */
  public ObjectNode listProblems(Store.Filter f) {
    return listPage(f, c -> Store.problems(c, f), (c, p) -> Views.problem(c, p, false));
  }

  /** One problem. */
  public ObjectNode problem(String key) {
    return ctx.db().tx(c -> Views.problem(c, findProblem(c, key, false), true));
  }

  /** Opens a problem by hand, linking the given incidents. */
  public ObjectNode openProblem(
      String title, List<String> services, List<String> incidents, String by) {
    for (String s : services) {
      checkService("services", s);
    }
    return ctx.tx(
        c -> {
          Instant now = now();
          for (String k : incidents) {
            if (Store.incident(c, k, false).isEmpty()) {
              throw HttpProblem.badRequest("incidents", "no incident " + k);
            }
          }
          Problem p = Store.insertProblem(c, title, "manual", null, services, now);
          Store.timeline(
              c, p.key(), now, "opened", "Opened by " + by + ": " + title, by, Json.object());
          for (String k : incidents) {
            Store.link(c, k, p.key(), "problem", null, now, by);
            Store.timeline(
                c,
                k,
                now,
                "problem",
                "Linked to problem " + p.key() + " by " + by,
                by,
                Json.object());
          }
          ObjectNode v = Views.problem(c, p, true);
          ctx.outbox().enqueue(c, v, "opened", "Opened by " + by, now);
          return v;
        });
  }

  /** Changes a problem's title, root cause or workaround (null: unchanged). */
  public ObjectNode updateProblem(
      String key, String title, String rootCause, String workaround, String by) {
    return problemAction(
        key,
        by,
        "updated",
        p -> {
          if (p.state().equals("closed")) {
            throw conflict(key + " is closed");
          }
          return new Problem(
              p.id(),
              p.key(),
              title == null ? p.title() : title,
              p.scope(),
              p.slo(),
              p.services(),
              p.state(),
              rootCause == null ? p.rootCause() : rootCause,
              workaround == null ? p.workaround() : workaround,
              p.openedAt(),
              p.knownErrorAt(),
              p.resolvedAt(),
              p.closedAt(),
              p.closedBy());
        },
        "Updated by "
            + by
            + (rootCause == null ? "" : "; root cause: " + rootCause)
            + (workaround == null ? "" : "; workaround: " + workaround));
  }

  /** Marks a problem a known error (root cause and workaround known). */
  public ObjectNode knownError(String key, String by) {
    return problemAction(
        key,
        by,
        "known_error",
        p -> {
          if (!p.state().equals("open")) {
            throw conflict(
                key + " is " + p.state() + "; only an open problem becomes a known error");
          }
          if (p.rootCause() == null || p.workaround() == null) {
            throw conflict(key + " needs a rootCause and a workaround before it is a known error");
          }
          return new Problem(
              p.id(),
              p.key(),
              p.title(),
              p.scope(),
              p.slo(),
              p.services(),
              "known_error",
              p.rootCause(),
              p.workaround(),
              p.openedAt(),
              now(),
              p.resolvedAt(),
              p.closedAt(),
              p.closedBy());
        },
        "Known error, declared by " + by);
  }

  /** Resolves a problem (its fix is in place). */
  public ObjectNode resolveProblem(String key, String by) {
    return problemAction(
        key,
        by,
        "resolved",
        p -> {
          if (!p.state().equals("open") && !p.state().equals("known_error")) {
            throw conflict(key + " is already " + p.state());
          }
          return new Problem(
              p.id(),
              p.key(),
              p.title(),
              p.scope(),
              p.slo(),
              p.services(),
              "resolved",
              p.rootCause(),
              p.workaround(),
              p.openedAt(),
              p.knownErrorAt(),
              now(),
              p.closedAt(),
              p.closedBy());
        },
        "Resolved by " + by);
  }

  /** Closes a problem: only ever by a person's decision. */
  public ObjectNode closeProblem(String key, String by) {
    return problemAction(
        key,
        by,
        "closed",
        p -> {
          if (p.state().equals("closed")) {
            throw conflict(key + " is already closed");
          }
          return new Problem(
              p.id(),
              p.key(),
              p.title(),
              p.scope(),
              p.slo(),
              p.services(),
              "closed",
              p.rootCause(),
              p.workaround(),
              p.openedAt(),
              p.knownErrorAt(),
              p.resolvedAt(),
              now(),
              by);
        },
        "Closed by " + by);
  }

  @FunctionalInterface
  interface ProblemChange {
    Problem apply(Problem p);
  }

  private ObjectNode problemAction(
      String key, String by, String event, ProblemChange change, String message) {
    return ctx.tx(
        c -> {
          Problem p = findProblem(c, key, true);
          Problem next = change.apply(p);
          Instant now = now();
          Store.updateProblem(c, next);
          Store.timeline(c, key, now, event, message, by, Json.object());
          ObjectNode v = Views.problem(c, next, true);
          ctx.outbox().enqueue(c, v, event, message, now);
          return v;
        });
  }

  // ---- changes

  private static Change findChange(Connection c, String key, boolean lock) throws SQLException {
    return Store.change(c, key, lock).orElseThrow(() -> HttpProblem.notFound("no change " + key));
  }

  /** A page of changes. */
  public ObjectNode listChanges(Store.Filter f) {
    return listPage(f, c -> Store.changes(c, f), (c, ch) -> Views.change(c, ch, false));
  }

  /** One change. */
  public ObjectNode change(String key) {
    return ctx.db().tx(c -> Views.change(c, findChange(c, key, false), true));
  }

  /**
   * Records a change; a change with the same source system and external id is returned as it is (CI
   * retries are safe). The boolean says whether it was created.
   */
  public Map.Entry<Boolean, ObjectNode> recordChange(Change input, String by) {
    checkService("service", input.service());
    return ctx.tx(
        c -> {
          if (input.externalId() != null) {
            Db.lock(c, "change:" + input.sourceSystem() + ":" + input.externalId());
            Optional<Change> existing =
                Store.changeByExternalId(c, input.sourceSystem(), input.externalId());
            if (existing.isPresent()) {
              return Map.entry(false, Views.change(c, existing.get(), true));
            }
          }
          Change ch = insertChange(c, input, by);
          return Map.entry(true, Views.change(c, ch, true));
        });
  }

  Change insertChange(Connection c, Change input, String by) throws SQLException {
    Instant now = now();
    Change ch =
        Store.insertChange(
            c,
            new Change(
                input.id(),
                input.key(),
                input.title(),
                input.service(),
                input.kind(),
                input.state(),
                input.sourceSystem(),
                input.sourceCommit(),
                input.sourceVersion(),
                input.sourceUrl(),
                input.externalId(),
                input.startedAt() == null ? now : input.startedAt(),
                input.endedAt(),
                input.flagged(),
                input.gateDecisionId(),
                now));
    String msg =
        "Recorded by "
            + by
            + ": "
            + ch.kind()
            + " change of "
            + ch.service()
            + (ch.sourceVersion() == null ? "" : " to " + ch.sourceVersion())
            + (ch.sourceSystem() == null ? "" : " from " + ch.sourceSystem())
            + (ch.flagged() ? "; emergency change, flagged for review" : "");
    Store.timeline(c, ch.key(), now, "recorded", msg, by, Json.object());
    ctx.outbox().enqueue(c, Views.change(c, ch, true), "opened", msg, now);
    return ch;
  }

  /** Updates a change's state or end time (CI reports completion). */
  public ObjectNode updateChange(String key, String state, Instant endedAt, String by) {
    return ctx.tx(
        c -> {
          Change ch = findChange(c, key, true);
          if (endedAt != null && ch.startedAt() != null && endedAt.isBefore(ch.startedAt())) {
            throw HttpProblem.badRequest(
                "endedAt", "endedAt is before the change's startedAt (" + ch.startedAt() + ")");
          }
          Change next =
              new Change(
                  ch.id(),
                  ch.key(),
                  ch.title(),
                  ch.service(),
                  ch.kind(),
                  state == null ? ch.state() : state,
                  ch.sourceSystem(),
                  ch.sourceCommit(),
                  ch.sourceVersion(),
                  ch.sourceUrl(),
                  ch.externalId(),
                  ch.startedAt(),
                  endedAt == null ? ch.endedAt() : endedAt,
                  ch.flagged(),
                  ch.gateDecisionId(),
                  ch.createdAt());
          Store.updateChange(c, next);
          Instant now = now();
          String msg =
              "Updated by "
                  + by
                  + ": state "
                  + next.state()
                  + (next.endedAt() == null ? "" : ", ended " + next.endedAt());
          Store.timeline(c, key, now, "updated", msg, by, Json.object());
          ObjectNode v = Views.change(c, next, true);
          ctx.outbox().enqueue(c, v, "updated", msg, now);
          return v;
        });
  }

  // ---- service requests

  /** A page of requests. */
  public ObjectNode listRequests(Store.Filter f, String type) {
    Instant now = now();
    return listPage(f, c -> Store.requests(c, f, type), (c, r) -> Views.request(r, now));
  }

  /** One request. */
  public ObjectNode request(String key) {
    Instant now = now();
    return ctx.db().tx(c -> Views.request(findRequest(c, key, false), now));
  }

  private static ServiceRequest findRequest(Connection c, String key, boolean lock)
      throws SQLException {
    return Store.request(c, key, lock).orElseThrow(() -> HttpProblem.notFound("no request " + key));
  }

  /** Files a request. */
  public ObjectNode fileRequest(
      String type,
      String service,
      String slo,
      String reason,
      String by,
      Instant validFrom,
      Instant validUntil) {
    checkService("service", service);
    Instant now = now();
    Instant from = validFrom == null ? now : validFrom;
    if (!validUntil.isAfter(from)) {
      throw HttpProblem.badRequest(
          "validUntil", "validUntil must be after validFrom (" + from + ")");
    }
    if (Duration.between(from, validUntil).compareTo(MAX_REQUEST_VALIDITY) > 0) {
      throw HttpProblem.badRequest("validUntil", "a request is valid for at most 30d");
    }
    if (!validUntil.isAfter(now)) {
      throw HttpProblem.badRequest("validUntil", "validUntil is in the past");
    }
    return ctx.tx(
        c -> {
          ServiceRequest r =
              Store.insertRequest(
                  c,
                  new ServiceRequest(
                      0,
                      "",
                      type,
                      service,
                      slo,
                      "pending",
                      reason,
                      by,
                      now,
                      from,
                      validUntil,
                      null,
                      null,
                      null));
          Store.timeline(
              c,
              r.key(),
              now,
              "requested",
              "Requested by " + by + ": " + reason,
              by,
              Json.object());
          return Views.request(r, now);
        });
  }

  /** Approves or rejects a pending request. */
  public ObjectNode decide(String key, boolean approve, String by, String comment) {
    return ctx.tx(
        c -> {
          ServiceRequest r = findRequest(c, key, true);
          Instant now = now();
          if (!r.state().equals("pending")) {
            throw conflict(key + " is already " + r.state());
          }
          if (approve && !now.isBefore(r.validUntil())) {
            throw conflict(key + " expired at " + r.validUntil() + "; file a new request");
          }
          if (approve && Actors.same(r.requestedBy(), by)) {
            throw conflict("the requester cannot approve their own request; another person must");
          }
          ServiceRequest next =
              new ServiceRequest(
                  r.id(),
                  r.key(),
                  r.type(),
                  r.service(),
                  r.slo(),
                  approve ? "approved" : "rejected",
                  r.reason(),
                  r.requestedBy(),
                  r.requestedAt(),
                  r.validFrom(),
                  r.validUntil(),
                  by,
                  now,
                  comment);
          Store.decideRequest(c, next);
          Store.timeline(
              c,
              key,
              now,
              next.state(),
              (approve ? "Approved" : "Rejected")
                  + " by "
                  + by
                  + (comment == null ? "" : ": " + comment),
              by,
              Json.object());
          return Views.request(next, now);
        });
  }

  // ---- services

  /** The service catalog with each service's dependencies, dependents and SLO budgets. */
  public ObjectNode services() {
    ObjectNode o = Json.object();
    ArrayNode a = o.putArray("items");
    for (ServiceCatalog.Service s : ctx.catalog().services()) {
      a.add(service(s));
    }
    o.putNull("nextCursor");
    return o;
  }

  /** One service. */
  public ObjectNode service(String name) {
    return service(
        ctx.catalog().service(name).orElseThrow(() -> HttpProblem.notFound("no service " + name)));
  }

  private ObjectNode service(ServiceCatalog.Service s) {
    ObjectNode o = Json.object();
    o.put("name", s.name());
    o.put("description", s.description());
    o.put("owner", s.owner());
    o.put("tier", s.tier());
    o.set("dependsOn", Json.strings(s.dependsOn()));
    o.set("dependencies", Json.strings(ctx.catalog().dependenciesOf(s.name())));
    o.set("dependents", Json.strings(ctx.catalog().dependentsOf(s.name())));
    ObjectNode slos = o.putObject("slos");
    for (String slo : new TreeSet<>(ctx.budgets().slosOf(s.name()))) {
      OptionalDouble r = ctx.budgets().remaining(slo);
      if (r.isPresent()) {
        slos.put(slo, r.getAsDouble());
      } else {
        slos.putNull(slo);
      }
    }
    return o;
  }

  // ---- outbox

  /** Outbox messages not yet delivered (pending or dead), oldest first. */
  public ObjectNode outbox(String state, String connector, int limit) {
    return ctx.db()
        .tx(
            c -> {
              ArrayNode items = Json.array();
              Db.query(
                  c,
                  "SELECT id, connector, record_key, event, state, attempts, available_at, last_attempt_at, last_error, created_at"
                      + " FROM bridge_outbox WHERE state = ? AND (?::text IS NULL OR connector = ?) ORDER BY id LIMIT ?",
                  rs -> {
                    ObjectNode o = items.addObject();
                    o.put("id", rs.getLong("id"));
                    o.put("connector", rs.getString("connector"));
                    o.put("recordKey", rs.getString("record_key"));
                    o.put("event", rs.getString("event"));
                    o.put("state", rs.getString("state"));
                    o.put("attempts", rs.getInt("attempts"));
                    Json.put(o, "createdAt", Db.instant(rs, "created_at"));
                    Json.put(o, "availableAt", Db.instant(rs, "available_at"));
                    Json.put(o, "lastAttemptAt", Db.instant(rs, "last_attempt_at"));
                    Views.putNullable(o, "lastError", rs.getString("last_error"));
                    return o;
                  },
                  state,
                  connector,
                  connector,
                  limit);
              ObjectNode out = Json.object();
              out.set("items", items);
              return out;
            });
  }

  /** Puts a dead message back in line, due now. */
  public ObjectNode retryOutbox(long id, String by) {
    ObjectNode out =
        ctx.tx(
            c -> {
              List<String> st =
                  Db.query(
                      c,
                      "SELECT state FROM bridge_outbox WHERE id = ? FOR UPDATE",
                      rs -> rs.getString(1),
                      id);
              if (st.isEmpty()) {
                throw HttpProblem.notFound("no outbox message " + id);
              }
              if (!st.get(0).equals("dead")) {
                throw conflict(
                    "outbox message "
                        + id
                        + " is "
                        + st.get(0)
                        + "; only a dead message is retried");
              }
              long later =
                  Db.scalar(
                      c,
                      "SELECT count(*) FROM bridge_outbox o, bridge_outbox d WHERE d.id = ?"
                          + " AND o.connector = d.connector AND o.record_key = d.record_key AND o.id > d.id AND o.state = 'delivered'",
                      id);
              if (later > 0) {
                throw conflict(
                    "a later event of the same record was already delivered to this connector;"
                        + " retrying message "
                        + id
                        + " would deliver events out of order");
              }
              Db.update(
                  c,
                  "UPDATE bridge_outbox SET state = 'pending', available_at = ?, claimed_until = NULL, attempts = 0,"
                      + " last_error = ? WHERE id = ?",
                  now(),
                  "retried by " + by,
                  id);
              ObjectNode o = Json.object();
              o.put("id", id);
              o.put("state", "pending");
              return o;
            });
    return out;
  }
}
