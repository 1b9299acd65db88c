package dev.burnrate.bridge.internal.connector.servicedeskplus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.internal.change.ChangeState;
import dev.burnrate.bridge.internal.connector.ByKind;
import dev.burnrate.bridge.internal.connector.Connector;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.RecordText;
import dev.burnrate.bridge.internal.connector.RelatedRecords;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.connector.ToolRecord;
import dev.burnrate.bridge.internal.incident.IncidentState;
import dev.burnrate.bridge.internal.outbox.ChangeSnapshot;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot;
import dev.burnrate.bridge.internal.outbox.ProblemSnapshot;
import dev.burnrate.bridge.internal.problem.ProblemState;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ManageEngine ServiceDesk Plus REST API v3: incidents as requests, problems and changes as their
 * own records, a note per timeline event, problems associated with their incidents, changes with
 * the incidents they caused, resolution and close ({@code closure_info}) of requests and {@code
 * close_change} of changes.
 *
 * <p>Every call sends {@code Accept: application/vnd.manageengine.sdp.v3+json} and its body as the
 * form field {@code input_data}. ServiceDesk Plus may answer 200 with {@code response_status}
 * {@code "failed"} (status code 4000): the body, not the HTTP status, says whether a call worked
 * (see {@link #failure}).
 *
 * <p>There is no idempotency key. Each record carries its Burnrate key in a user-defined field
 * ({@code recordKeyField}, default {@code udf_sline_burnrate_key}); an in-doubt create first looks
 * for it with {@code list_info.search_criteria}. The list reads the database, so a record an
 * earlier attempt created is found at once. Notes carry {@code [burnrate-event-<id>]} and are
 * looked for the same way before they are written again.
 */
public final class ServiceDeskPlusConnector implements Connector {
  /** How many pages of notes an in-doubt note looks through. */
  static final int NOTE_PAGES = 10;

  /** The states in which a change is closed through {@code close_change}. */
  private static final Set<ChangeState> CLOSING =
      Set.of(
          ChangeState.COMPLETED, ChangeState.FAILED, ChangeState.REJECTED, ChangeState.CANCELLED);

  private static final ByKind<String> COLLECTIONS = new ByKind<>("requests", "problems", "changes");
  private static final ByKind<String> ENTITIES = new ByKind<>("request", "problem", "change");
  private static final ByKind<String> KEY_PREFIXES = new ByKind<>("", "PB-", "CH-");
  private static final ByKind<String> PAGES =
      new ByKind<>(
          "/ui/requests?mode=detail&id=",
          "/ui/problems?mode=detail&id=",
          "/ui/changes?mode=detail&id=");

  private final ConnectorSettings settings;
  private final ServiceDeskPlusApi api;
  private final ServiceDeskPlusBodies bodies;

  public ServiceDeskPlusConnector(ConnectorSettings settings, Http http) {
    this.settings = settings;
    this.api = new ServiceDeskPlusApi(settings, http);
    this.bodies = new ServiceDeskPlusBodies(settings);
  }

  /** The outcome of an answer whose {@code response_status} says it failed, or null. */
  static Outcome failure(JsonNode body, String what) {
    return ServiceDeskPlusApi.failure(body, what);
  }

  @Override
  public String name() {
    return settings.name();
  }

  /** The JSON name of one record of a kind, in bodies and answers. */
  static String entity(String kind) {
    return ENTITIES.of(kind);
  }

  @Override
  public Outcome deliver(Delivery d) throws InterruptedException {
    Optional<Outcome> paused =
        api.pause().retry(d.now(), "ServiceDesk Plus asked to wait (rate limit)");
    if (paused.isPresent()) {
      return paused.get();
    }
    // The list reads the database: a record an earlier attempt created is found at once.
    ToolRecord copy = ToolRecord.of(d, null, null, this::findEarlier, this::create);
    if (copy.failure() != null) {
      return copy.failure();
    }
    String coll = COLLECTIONS.of(d.kind());
    String id = copy.id();
    boolean created = copy.created();
    boolean fresh =
        switch (d.record()) {
          case IncidentSnapshot i -> i.state() == IncidentState.OPEN;
          case ProblemSnapshot p -> p.state() == ProblemState.OPEN;
          case ChangeSnapshot ch -> ch.state() == ChangeState.PLANNED;
        };
    if (!created || !fresh) {
      if (FIELD_EVENTS.contains(d.event()) || created) {
        Outcome u = update(d, id);
        if (u != null) {
          return u;
        }
      }
    }
    if (!created) {
      Outcome n = note(d, coll, id);
      if (n != null) {
        return n;
      }
    }
    return d.relinks(created) ? linkRelated(d, id) : new Outcome.Delivered();
  }

  private ToolRecord create(Delivery d) throws InterruptedException {
    String coll = COLLECTIONS.of(d.kind());
    ServiceDeskPlusApi.Reply r = api.call("POST", "/api/v3/" + coll, bodies.create(d), d.now());
    if (!r.ok()) {
      return ToolRecord.failed(r.failure());
    }
    JsonNode rec = r.body().path(entity(d.kind()));
    if (!rec.hasNonNull("id")) {
      return ToolRecord.failed(
          new Outcome.Retry(null, "POST /api/v3/" + coll + " answered without an id"));
    }
    return ToolRecord.made(d, refOf(d.kind(), rec));
  }

  /** Looks for a record an earlier attempt may have created, by its key field. */
  private ToolRecord findEarlier(Delivery d) throws InterruptedException {
    ObjectNode in = ToolJson.object();
    ObjectNode li = in.putObject("list_info");
    li.put("row_count", 10);
    li.put("start_index", 1);
    ObjectNode c = li.putObject("search_criteria");
    c.put("field", "udf_fields." + bodies.keyField(d.kind()));
    c.put("condition", "is");
    c.put("value", d.key());
    ServiceDeskPlusApi.Reply found =
        api.get("/api/v3/" + COLLECTIONS.of(d.kind()) + ServiceDeskPlusApi.query(in), d.now());
    if (!found.ok()) {
      return ToolRecord.failed(found.failure());
    }
    JsonNode hit = pick(d, found.body());
    return ToolRecord.found(d, hit == null ? null : refOf(d.kind(), hit));
  }

  /** The record of this Burnrate key in a list answer, or null. */
  private JsonNode pick(Delivery d, JsonNode list) {
    String field = bodies.keyField(d.kind());
    for (JsonNode n : list.path(COLLECTIONS.of(d.kind()))) {
      JsonNode udf = n.path("udf_fields");
      // The search matched the field already; check it again where the answer lists it.
      if (!udf.has(field) || udf.path(field).asText().equals(d.key())) {
        return n;
      }
    }
    return null;
  }

  private ExternalRef refOf(String kind, JsonNode rec) {
    String id = rec.path("id").asText();
    String display = rec.path("display_id").asText(id);
    return new ExternalRef(
        id, KEY_PREFIXES.of(kind) + display, api.uri(PAGES.of(kind) + id).toString());
  }

  /** Writes what Burnrate owns of the record after an event; null when all went well. */
  private Outcome update(Delivery d, String id) throws InterruptedException {
    switch (d.record()) {
      case ProblemSnapshot rec -> {
        ObjectNode in = ToolJson.object();
        ObjectNode b = in.putObject("problem");
        b.set("status", ServiceDeskPlusBodies.named(ServiceDeskPlusBodies.problemStatus(rec)));
        ServiceDeskPlusBodies.rootCause(b, rec);
        return outcome(api.call("PUT", "/api/v3/problems/" + id, in, d.now()));
      }
      case ChangeSnapshot rec -> {
        if (CLOSING.contains(rec.state())) {
          return closeChange(d, id, rec.state());
        }
        if (rec.endedAt() != null) {
          ObjectNode in = ToolJson.object();
          in.putObject("change")
              .set("scheduled_end_time", ServiceDeskPlusBodies.time(rec.endedAt()));
          return outcome(api.call("PUT", "/api/v3/changes/" + id, in, d.now()));
        }
        return null;
      }
      case IncidentSnapshot rec -> {
        if (rec.state() == IncidentState.CLOSED) {
          return closeRequest(d, id);
        }
        ObjectNode in = ToolJson.object();
        ObjectNode b = in.putObject("request");
        b.set(
            "priority",
            ServiceDeskPlusBodies.named(ServiceDeskPlusBodies.priority(rec.priority())));
        b.set("status", ServiceDeskPlusBodies.named(ServiceDeskPlusBodies.requestStatus(rec)));
        if (rec.state() == IncidentState.RESOLVED) {
          b.putObject("resolution")
              .put("content", RecordText.html(ServiceDeskPlusBodies.resolution(d)));
        }
        return outcome(api.call("PUT", "/api/v3/requests/" + id, in, d.now()));
      }
    }
  }

  private static Outcome outcome(ServiceDeskPlusApi.Reply r) {
    return r.ok() ? null : r.failure();
  }

  /** Closes a request with its closure information, unless it is closed already. */
  private Outcome closeRequest(Delivery d, String id) throws InterruptedException {
    ObjectNode in = ToolJson.object();
    ObjectNode ci = in.putObject("request").putObject("closure_info");
    ci.put("requester_ack_resolution", true);
    ci.put("requester_ack_comments", "Closed by Burnrate");
    ci.put("closure_comments", ServiceDeskPlusBodies.resolution(d));
    ci.set("closure_code", ServiceDeskPlusBodies.named(settings.option("closureCode", "Success")));
    return closeOnce(d, id, "status", "Closed", "/close", in);
  }

  /** Closes a change through {@code close_change}, unless it is closed already. */
  private Outcome closeChange(Delivery d, String id, ChangeState state)
      throws InterruptedException {
    ObjectNode in = ToolJson.object();
    in.put("status", state == ChangeState.COMPLETED ? "completed" : "canceled");
    in.put("comment", d.message());
    return closeOnce(d, id, "stage", "Close", "/close_change", in);
  }

  /**
   * Sends the record's close operation {@code close} with {@code in}, unless its {@code field} is
   * named {@code closed} already: closing a closed record fails, and an earlier attempt or a person
   * may have closed it.
   */
  private Outcome closeOnce(
      Delivery d, String id, String field, String closed, String close, ObjectNode in)
      throws InterruptedException {
    String record = "/api/v3/" + COLLECTIONS.of(d.kind()) + "/" + id;
    ServiceDeskPlusApi.Reply now = api.get(record, d.now());
    if (!now.ok()) {
      return now.failure();
    }
    if (now.body().path(entity(d.kind())).path(field).path("name").asText().equals(closed)) {
      return null;
    }
    return outcome(api.call("PUT", record + close, in, d.now()));
  }

  /** A note per timeline event, once, even when retried in doubt. */
  private Outcome note(Delivery d, String coll, String id) throws InterruptedException {
    String mark = d.eventMarker();
    if (d.inDoubt()) {
      for (int page = 0; page < NOTE_PAGES; page++) {
        ObjectNode in = ToolJson.object();
        ObjectNode li = in.putObject("list_info");
        li.put("row_count", 100);
        li.put("start_index", page * 100 + 1);
        ServiceDeskPlusApi.Reply existing =
            api.get(
                "/api/v3/" + coll + "/" + id + "/notes" + ServiceDeskPlusApi.query(in), d.now());
        if (!existing.ok()) {
          return existing.failure();
        }
        for (JsonNode n : existing.body().path("notes")) {
          if (n.path("description").asText().contains(mark)) {
            return null;
          }
        }
        if (!existing.body().path("list_info").path("has_more_rows").asBoolean(false)) {
          break;
        }
      }
    }
    ObjectNode in = ToolJson.object();
    ObjectNode n = in.putObject(d.kind().equals("incident") ? "request_note" : "note");
    n.put("description", RecordText.noteHtml(d));
    if (d.kind().equals("incident")) {
      n.put("show_to_requester", false);
      n.put("notify_technician", false);
      n.put("mark_first_response", false);
      n.put("add_to_linked_requests", false);
    }
    return outcome(api.call("POST", "/api/v3/" + coll + "/" + id + "/notes", in, d.now()));
  }

  /**
   * Associates a problem with its incidents, and a change with the incidents it caused, once both
   * records exist in ServiceDesk Plus, from whichever side arrives second.
   */
  private Outcome linkRelated(Delivery d, String id) throws InterruptedException {
    for (RelatedRecords.Tie t : RelatedRecords.ties(d, id)) {
      String list = t.problem() ? "associated_incidents" : "initiated_requests";
      String path = "/api/v3/" + (t.problem() ? "problems/" : "changes/") + t.other() + "/" + list;
      // Both sides of a link try it, and an association made twice is refused: look first.
      ServiceDeskPlusApi.Reply existing = api.get(path, d.now());
      if (!existing.ok()) {
        return existing.failure();
      }
      if (associated(existing.body()).contains(t.incident())) {
        continue;
      }
      ObjectNode in = ToolJson.object();
      ArrayNode a = in.putArray(list);
      a.addObject().putObject("request").put("id", t.incident());
      ServiceDeskPlusApi.Reply r = api.call("POST", path, in, d.now());
      if (!r.ok()) {
        return r.failure();
      }
    }
    return new Outcome.Delivered();
  }

  /** The request ids of an association list, whichever name the answer gives the list. */
  static Set<String> associated(JsonNode body) {
    Set<String> ids = new HashSet<>();
    for (String name :
        List.of("associated_incidents", "associated_requests", "initiated_requests")) {
      for (JsonNode e : body.path(name)) {
        String id = e.path("request").path("id").asText(e.path("id").asText());
        if (!id.isEmpty()) {
          ids.add(id);
        }
      }
    }
    return ids;
  }
}
