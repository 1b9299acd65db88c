package dev.burnrate.bridge.internal.connector.teamdynamix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.internal.connector.Connector;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.RecordText;
import dev.burnrate.bridge.internal.connector.RelatedRecords;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.connector.ToolRecord;
import dev.burnrate.bridge.internal.outbox.ChangeSnapshot;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot;
import dev.burnrate.bridge.internal.outbox.ProblemSnapshot;
import dev.burnrate.bridge.internal.record.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * TeamDynamix Web API: incidents, problems and changes as tickets of one application
 * (classification 32, 33, 34), a private feed entry per timeline event, which also carries the new
 * status, and a ticket's {@code ParentID} as its link (an incident's parent is its problem, or else
 * the change suspected of causing it).
 *
 * <p>It logs in as an administrative service account ({@code POST /api/auth/loginadmin} with the
 * BEID and web services key), keeps the JWT until shortly before its {@code exp} claim, and logs in
 * again after a 401. A 429 carries no {@code Retry-After} but {@code X-RateLimit-Reset}, an RFC
 * 1123 date; TeamDynamix asks to wait until then and at least 5 s, and since its limits are per
 * method, that method alone waits, for every record.
 *
 * <p>TeamDynamix has no idempotency key. Every ticket carries the Burnrate key in a custom
 * attribute ({@code keyAttributeId}) or, without one, at the start of its title and as {@code
 * [burnrate-<KEY>]} in its description; an in-doubt create looks for it through {@code POST
 * /tickets/search} before creating again. Feed entries carry {@code [burnrate-event-<id>]} and are
 * looked for in the ticket's feed the same way.
 */
public final class TeamDynamixConnector implements Connector {
  /** Classification ids of TeamDynamix's ticket classes. */
  static final int INCIDENT = 32;

  static final int PROBLEM = 33;
  static final int CHANGE = 34;

  /** Events that may move a ticket to another status. */
  private static final Set<String> STATUS_EVENTS =
      Set.of("acknowledged", "resolved", "closed", "refired", "known_error");

  /** Events that may change the priority Burnrate owns. */
  private static final Set<String> PRIORITY_EVENTS = Set.of("escalated", "updated", "refired");

  private final ConnectorSettings settings;
  private final TeamDynamixOptions options;
  private final TeamDynamixApi api;
  private final Duration inDoubtDelay;
  private final TeamDynamixSetup setup;

  public TeamDynamixConnector(ConnectorSettings settings, Http http, Duration inDoubtDelay) {
    this.settings = settings;
    this.options = TeamDynamixOptions.parse(settings.name(), settings.options());
    this.api = new TeamDynamixApi(settings, http);
    this.setup = new TeamDynamixSetup(options, api);
    this.inDoubtDelay = inDoubtDelay;
  }

  @Override
  public String name() {
    return settings.name();
  }

  /** The classification of a record kind. */
  static int classification(String kind) {
    return switch (kind) {
      case "problem" -> PROBLEM;
      case "change" -> CHANGE;
      default -> INCIDENT;
    };
  }

  private String api(String path) {
    return api(options, path);
  }

  /** The path of a call of the configured application. */
  static String api(TeamDynamixOptions options, String path) {
    return "/TDWebApi/api/" + options.appId() + path;
  }

  /** The {@code exp} claim of a JWT, if it has one. */
  static Optional<Instant> expiry(String jwt) {
    return TeamDynamixApi.expiry(jwt);
  }

  private Http.Result authed(
      String endpoint, String method, String path, JsonNode body, Instant now)
      throws InterruptedException {
    return api.authed(endpoint, method, path, body, now);
  }

  /** A record's state as the role of its status. */
  static String statusRole(String kind, String state) {
    return TeamDynamixSetup.statusRole(kind, state);
  }

  private int statusId(Delivery d) {
    return setup.statusId(d);
  }

  private int typeId() {
    return setup.typeId();
  }

  // ---- delivery ----

  @Override
  public Outcome deliver(Delivery d) throws InterruptedException {
    Optional<Outcome> setup = this.setup.loadStatuses(d.now());
    if (setup.isEmpty()) {
      setup = this.setup.loadType(d.now());
    }
    if (setup.isPresent()) {
      return setup.get();
    }
    // A search by the key attribute reads the database; a text search, an index that lags.
    ToolRecord copy =
        ToolRecord.of(
            d,
            options.keyAttributeId().isEmpty() ? inDoubtDelay : null,
            "an earlier attempt may have created the ticket; searching after TeamDynamix's"
                + " text index catches up",
            this::findEarlier,
            this::create);
    if (copy.failure() != null) {
      return copy.failure();
    }
    String id = copy.id();
    boolean created = copy.created();
    if (!created) {
      Integer priority = priorityId(d, null);
      if (d.kind().equals("incident") && priority != null && PRIORITY_EVENTS.contains(d.event())) {
        Http.Result r = patchTicket(id, "PriorityID", priority, d.now());
        if (!r.ok()) {
          return r.failure();
        }
      }
      Outcome f = feed(d, id);
      if (f != null) {
        return f;
      }
    }
    return d.relinks(created) ? linkRelated(d, id) : new Outcome.Delivered();
  }

  private ToolRecord findEarlier(Delivery d) throws InterruptedException {
    Http.Result found =
        authed("POST tickets/search", "POST", api("/tickets/search"), search(d), d.now());
    if (!found.ok()) {
      return ToolRecord.failed(found.failure());
    }
    JsonNode hit = pick(d, ToolJson.read(found.body()));
    return ToolRecord.found(d, hit == null ? null : refOf(hit));
  }

  private ToolRecord create(Delivery d) throws InterruptedException {
    Http.Result r =
        authed(
            "POST tickets",
            "POST",
            api(
                "/tickets?EnableNotifyReviewer=false&NotifyRequestor=false"
                    + "&NotifyResponsible=false&AllowRequestorCreation=false"),
            createBody(d),
            d.now());
    return r.ok()
        ? ToolRecord.made(d, refOf(ToolJson.read(r.body())))
        : ToolRecord.failed(r.failure());
  }

  /** Sets one field of a ticket through a JSON Patch. */
  private Http.Result patchTicket(String id, String field, int value, Instant now)
      throws InterruptedException {
    ArrayNode ops = ToolJson.array();
    ops.addObject().put("op", "add").put("path", "/" + field).put("value", value);
    return authed("PATCH ticket", "PATCH", api("/tickets/" + id), ops, now);
  }

  /** The search for a ticket of this record: by the key attribute, else by text. */
  private ObjectNode search(Delivery d) {
    ObjectNode s = ToolJson.object();
    s.put("MaxResults", 50);
    s.putArray("TicketClassification").add(classification(d.kind()));
    if (options.keyAttributeId().isPresent()) {
      s.putArray("CustomAttributes")
          .addObject()
          .put("ID", options.keyAttributeId().getAsInt())
          .put("Value", d.key());
    } else {
      s.put("SearchText", RecordText.marker(d.key()));
    }
    return s;
  }

  /** The ticket of this Burnrate key among search results, or null. */
  private JsonNode pick(Delivery d, JsonNode results) {
    for (JsonNode t : results) {
      if (options.keyAttributeId().isPresent() && t.path("Attributes").size() > 0) {
        for (JsonNode a : t.path("Attributes")) {
          if (a.path("ID").asInt() == options.keyAttributeId().getAsInt()
              && a.path("Value").asText().equals(d.key())) {
            return t;
          }
        }
        continue;
      }
      if (t.path("Title").asText().startsWith(d.key() + " ")
          || t.path("Description").asText().contains(RecordText.marker(d.key()))) {
        return t;
      }
    }
    return null;
  }

  private ExternalRef refOf(JsonNode ticket) {
    String id = ticket.path("ID").asText();
    return new ExternalRef(
        id,
        id,
        api.uri("/TDNext/Apps/" + options.appId() + "/Tickets/TicketDet?TicketID=" + id)
            .toString());
  }

  /** The TeamDynamix priority of an incident's priority ({@code fallback} when it has none). */
  private Integer priorityId(Delivery d, Priority fallback) {
    Priority p = d.record() instanceof IncidentSnapshot i ? i.priority() : null;
    p = p == null ? fallback : p;
    return p == null ? null : options.priorityIds().get(p.name());
  }

  private ObjectNode createBody(Delivery d) {
    ObjectNode b = ToolJson.object();
    b.put("TypeID", typeId());
    options.formId().ifPresent(v -> b.put("FormID", v));
    b.put("Classification", classification(d.kind()));
    String title = d.key() + " " + d.record().title();
    b.put("Title", title.length() > 255 ? title.substring(0, 255) : title);
    b.put("Description", description(d));
    b.put("IsRichHtml", false);
    options.accountId().ifPresent(v -> b.put("AccountID", v));
    options.sourceId().ifPresent(v -> b.put("SourceID", v));
    if (options.requestorUid() != null) {
      b.put("RequestorUid", options.requestorUid());
    }
    b.put("StatusID", statusId(d));
    Integer priority = priorityId(d, Priority.P3);
    if (priority != null) {
      b.put("PriorityID", priority);
    }
    if (d.record() instanceof ChangeSnapshot ch) {
      Instant start = ch.startedAt() != null ? ch.startedAt() : d.now();
      b.put("StartDate", start.toString());
      if (ch.endedAt() != null) {
        b.put("EndDate", ch.endedAt().toString());
      }
    }
    if (options.keyAttributeId().isPresent()) {
      b.putArray("Attributes")
          .addObject()
          .put("ID", options.keyAttributeId().getAsInt())
          .put("Value", d.key());
    }
    return b;
  }

  private static String description(Delivery d) {
    return String.join(
        "\n", RecordText.lines(d, "Burnrate record " + d.key() + " " + RecordText.marker(d.key())));
  }

  /**
   * A private feed entry per timeline event, with the new status when the event moves the ticket,
   * once, even when retried in doubt.
   */
  private Outcome feed(Delivery d, String id) throws InterruptedException {
    String mark = d.eventMarker();
    if (d.inDoubt()) {
      Http.Result existing = api.get("GET ticket feed", api("/tickets/" + id + "/feed"), d.now());
      if (!existing.ok()) {
        return existing.failure();
      }
      for (JsonNode e : ToolJson.read(existing.body())) {
        if (e.path("Body").asText().contains(mark)) {
          return null;
        }
      }
    }
    String text = d.message();
    if (d.record() instanceof ProblemSnapshot rec && d.event().equals("known_error")) {
      if (rec.rootCause() != null) {
        text += "\nRoot cause: " + rec.rootCause();
      }
      if (rec.workaround() != null) {
        text += "\nWorkaround: " + rec.workaround();
      }
    }
    ObjectNode body = ToolJson.object();
    boolean moves =
        STATUS_EVENTS.contains(d.event())
            || (d.kind().equals("change") && !d.event().equals("commented"));
    body.put("NewStatusID", moves ? statusId(d) : 0);
    body.put("Comments", text + "\n" + mark);
    body.put("IsPrivate", true);
    body.put("IsRichHtml", false);
    body.putArray("Notify");
    Http.Result r =
        authed("POST ticket feed", "POST", api("/tickets/" + id + "/feed"), body, d.now());
    return r.ok() ? null : r.failure();
  }

  /**
   * Sets {@code ParentID}s once both tickets exist, from whichever side arrives second: an
   * incident's parent is its problem, or else the change suspected of causing it.
   */
  private Outcome linkRelated(Delivery d, String id) throws InterruptedException {
    List<String[]> parents = new ArrayList<>(); // child ticket id, parent ticket id
    String problem = null;
    String change = null;
    for (RelatedRecords.AtTool r : RelatedRecords.atTool(d)) {
      String other = r.externalId();
      switch (r.role()) {
        case PROBLEM -> problem = other;
        case CAUSE -> change = other;
        case INCIDENT -> parents.add(new String[] {other, id});
        case CAUSED -> {
          // The incident's problem, when it has one, stays its parent.
          Http.Result t = api.get("GET ticket", api("/tickets/" + other), d.now());
          if (!t.ok()) {
            return t.failure();
          }
          if (ToolJson.read(t.body()).path("ParentID").asInt(0) <= 0) {
            parents.add(new String[] {other, id});
          }
        }
      }
    }
    // An incident's parent is its problem, or else the change suspected of causing it.
    String parent = problem != null ? problem : change;
    if (parent != null) {
      parents.add(new String[] {id, parent});
    }
    for (String[] p : parents) {
      Http.Result r = patchTicket(p[0], "ParentID", Integer.parseInt(p[1]), d.now());
      if (!r.ok()) {
        return r.failure();
      }
    }
    return new Outcome.Delivered();
  }
}
