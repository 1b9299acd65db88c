package dev.burnrate.bridge.internal.connector.teamdynamix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.BridgeSettings.ConnectorSettings;
import dev.burnrate.bridge.internal.connector.Connector;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.RecordText;
import dev.burnrate.bridge.internal.connector.RetryHint;
import dev.burnrate.bridge.internal.outbox.ChangeSnapshot;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot;
import dev.burnrate.bridge.internal.outbox.ProblemSnapshot;
import dev.burnrate.bridge.internal.outbox.Snapshot.LinkLine;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.Priority;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

  /** TeamDynamix's advice: wait until the reset, and at least this long. */
  static final Duration MIN_RATE_LIMIT_WAIT = Duration.ofSeconds(5);

  /** A token is renewed this long before its {@code exp}. */
  static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

  /** Events that may move a ticket to another status. */
  private static final Set<String> STATUS_EVENTS =
      Set.of("acknowledged", "resolved", "closed", "refired", "known_error");

  /** Events that may change the priority Burnrate owns. */
  private static final Set<String> PRIORITY_EVENTS = Set.of("escalated", "updated", "refired");

  private final ConnectorSettings settings;
  private final TeamDynamixOptions options;
  private final Http http;
  private final Duration inDoubtDelay;
  private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
  private volatile String token;
  private volatile Instant tokenRenewAt = Instant.MIN;
  private volatile Map<String, Integer> statuses;
  private volatile Integer defaultTypeId;

  public TeamDynamixConnector(ConnectorSettings settings, Http http, Duration inDoubtDelay) {
    this.settings = settings;
    this.options = TeamDynamixOptions.parse(settings.name(), settings.options());
    this.http =
        http.withRetryHints(
            List.of(
                RetryHint.retryAfter(),
                RetryHint.reset("X-RateLimit-Reset", RetryHint.Form.HTTP_DATE)
                    .atLeast(MIN_RATE_LIMIT_WAIT)));
    this.inDoubtDelay = inDoubtDelay;
  }

  @Override
  public String name() {
    return settings.name();
  }

  /** The marker in the description of a ticket of a Burnrate record. */
  static String marker(String recordKey) {
    return "[burnrate-" + recordKey + "]";
  }

  /** The classification of a record kind. */
  static int classification(String kind) {
    return switch (kind) {
      case "problem" -> PROBLEM;
      case "change" -> CHANGE;
      default -> INCIDENT;
    };
  }

  private URI uri(String path) {
    String base = settings.url().toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
  }

  private String api(String path) {
    return "/TDWebApi/api/" + options.appId() + path;
  }

  // ---- HTTP: rate limits per method, the token, 401 renewal ----

  /**
   * Sends one call of an endpoint ({@code endpoint} names the method, such as {@code POST
   * tickets}), unless that endpoint is waiting out a 429; a 429 makes it wait until its reset.
   */
  private Http.Result call(String endpoint, HttpRequest r, Instant now)
      throws InterruptedException {
    Instant until = pausedUntil.get(endpoint);
    if (until != null && now.isBefore(until)) {
      return new Http.Result(
          null,
          new Outcome.Retry(
              Duration.between(now, until),
              "TeamDynamix rate-limited " + endpoint + " until " + until + " (429)"));
    }
    Http.Result res = http.send(r, now);
    if (res.failure() instanceof Outcome.Retry retry
        && res.response() != null
        && res.status() == 429) {
      Duration wait = retry.after() != null ? retry.after() : MIN_RATE_LIMIT_WAIT;
      pausedUntil.merge(endpoint, now.plus(wait), (a, b) -> a.isAfter(b) ? a : b);
      return new Http.Result(
          res.response(),
          new Outcome.Retry(
              wait,
              retry.error()
                  + " (X-RateLimit-Limit "
                  + res.response().headers().firstValue("X-RateLimit-Limit").orElse("?")
                  + ", X-RateLimit-Reset "
                  + res.response().headers().firstValue("X-RateLimit-Reset").orElse("?")
                  + ")"));
    }
    return res;
  }

  /** A call with the bearer token, logging in first when needed and again after a 401. */
  private Http.Result authed(
      String endpoint, String method, String path, JsonNode body, Instant now)
      throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      Optional<Outcome> login = ensureToken(now);
      if (login.isPresent()) {
        return new Http.Result(null, login.get());
      }
      String bearer = token;
      HttpRequest.Builder b =
          http.request(uri(path))
              .header("Authorization", "Bearer " + bearer)
              .header("Content-Type", "application/json; charset=utf-8");
      b.method(
          method, body == null ? HttpRequest.BodyPublishers.noBody() : Http.json(Json.write(body)));
      Http.Result res = call(endpoint, b.build(), now);
      if (attempt == 0 && res.response() != null && res.status() == 401) {
        forgetToken(bearer);
        continue;
      }
      return res;
    }
  }

  private synchronized void forgetToken(String bearer) {
    if (bearer != null && bearer.equals(token)) {
      token = null;
      tokenRenewAt = Instant.MIN;
    }
  }

  /** Logs in when there is no token or it expires soon; the failure, if it failed. */
  private synchronized Optional<Outcome> ensureToken(Instant now) throws InterruptedException {
    if (token != null && now.isBefore(tokenRenewAt)) {
      return Optional.empty();
    }
    ObjectNode creds = Json.object();
    creds.put("BEID", settings.secrets().get("beid").reveal());
    creds.put("WebServicesKey", settings.secrets().get("webServicesKey").reveal());
    HttpRequest r =
        http.request(uri("/TDWebApi/api/auth/loginadmin"))
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(Http.json(Json.write(creds)))
            .build();
    Http.Result res = call("POST auth/loginadmin", r, now);
    if (!res.ok()) {
      return Optional.of(res.failure());
    }
    String jwt = res.body().trim();
    if (jwt.startsWith("\"") && jwt.endsWith("\"") && jwt.length() > 1) {
      jwt = jwt.substring(1, jwt.length() - 1);
    }
    if (jwt.isEmpty()) {
      return Optional.of(new Outcome.Retry(null, "TeamDynamix login answered no token"));
    }
    Instant exp = expiry(jwt).orElse(now.plus(Duration.ofHours(24)));
    token = jwt;
    tokenRenewAt = exp.minus(RENEW_BEFORE);
    return Optional.empty();
  }

  /** The {@code exp} claim of a JWT, if it has one. */
  static Optional<Instant> expiry(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      return Optional.empty();
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1].replace("=", ""));
      JsonNode claims = Json.read(new String(payload, StandardCharsets.UTF_8));
      JsonNode exp = claims.path("exp");
      return exp.isNumber() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  // ---- statuses and types ----

  /** The status id of each role, as configured or read from the application's statuses. */
  private Optional<Outcome> loadStatuses(Instant now) throws InterruptedException {
    if (statuses != null) {
      return Optional.empty();
    }
    Map<String, Integer> m = new HashMap<>(options.statusIds());
    if (m.size() < TeamDynamixOptions.STATUS_ROLES.size()) {
      Http.Result r = authed("GET tickets/statuses", "GET", api("/tickets/statuses"), null, now);
      if (!r.ok()) {
        return Optional.of(r.failure());
      }
      JsonNode list = Json.read(r.body());
      m.putIfAbsent("open", pick(list, 1, "", true));
      m.putIfAbsent("inProcess", pick(list, 2, "", false));
      m.putIfAbsent("resolved", pick(list, 3, "resolv", false));
      m.putIfAbsent("closed", pick(list, 3, "close", false));
      m.putIfAbsent("cancelled", pick(list, 4, "", false));
      m.values().removeIf(v -> v == null);
      if (!m.containsKey("open") || !m.containsKey("resolved")) {
        return Optional.of(
            new Outcome.Rejected(
                "TeamDynamix application "
                    + options.appId()
                    + " has no active status of class New or Completed; set openStatusId and"
                    + " resolvedStatusId"));
      }
      m.putIfAbsent("inProcess", m.get("open"));
      m.putIfAbsent("closed", m.get("resolved"));
      m.putIfAbsent("cancelled", m.get("closed"));
    }
    statuses = Map.copyOf(m);
    return Optional.empty();
  }

  /**
   * An active status of a class (1 New, 2 In Process, 3 Completed, 4 Cancelled): the one whose name
   * contains {@code hint}, else the default one when {@code preferDefault}, else the first by
   * order.
   */
  private static Integer pick(JsonNode list, int statusClass, String hint, boolean preferDefault) {
    JsonNode first = null;
    JsonNode named = null;
    JsonNode byDefault = null;
    for (JsonNode s : list) {
      if (s.path("StatusClass").asInt() != statusClass || !s.path("IsActive").asBoolean(true)) {
        continue;
      }
      if (first == null || s.path("Order").asDouble() < first.path("Order").asDouble()) {
        first = s;
      }
      if (!hint.isEmpty()
          && named == null
          && s.path("Name").asText().toLowerCase(java.util.Locale.ROOT).contains(hint)) {
        named = s;
      }
      if (byDefault == null && s.path("IsDefault").asBoolean()) {
        byDefault = s;
      }
    }
    JsonNode chosen =
        named != null ? named : preferDefault && byDefault != null ? byDefault : first;
    return chosen == null ? null : chosen.path("ID").asInt();
  }

  /** The ticket type: configured, or the application's first active one. */
  private Optional<Outcome> loadType(Instant now) throws InterruptedException {
    if (options.typeId().isPresent() || defaultTypeId != null) {
      return Optional.empty();
    }
    Http.Result r = authed("GET tickets/types", "GET", api("/tickets/types"), null, now);
    if (!r.ok()) {
      return Optional.of(r.failure());
    }
    for (JsonNode t : Json.read(r.body())) {
      if (t.path("IsActive").asBoolean(true)) {
        defaultTypeId = t.path("ID").asInt();
        return Optional.empty();
      }
    }
    return Optional.of(
        new Outcome.Rejected(
            "TeamDynamix application "
                + options.appId()
                + " has no active ticket type; set typeId"));
  }

  private int typeId() {
    return options.typeId().isPresent() ? options.typeId().getAsInt() : defaultTypeId;
  }

  /** A record's state as the role of its status. */
  static String statusRole(String kind, String state) {
    return switch (kind) {
      case "change" ->
          switch (state) {
            case "approved", "in_progress" -> "inProcess";
            case "completed", "failed" -> "closed";
            case "rejected", "cancelled" -> "cancelled";
            default -> "open";
          };
      default ->
          switch (state) {
            case "acknowledged", "known_error" -> "inProcess";
            case "resolved" -> "resolved";
            case "closed" -> "closed";
            default -> "open";
          };
    };
  }

  private int statusId(Delivery d) {
    return statuses.get(statusRole(d.kind(), d.record().stateName()));
  }

  // ---- delivery ----

  @Override
  public Outcome deliver(Delivery d) throws InterruptedException {
    Optional<Outcome> setup = loadStatuses(d.now());
    if (setup.isEmpty()) {
      setup = loadType(d.now());
    }
    if (setup.isPresent()) {
      return setup.get();
    }
    Optional<ExternalRef> ref = d.refs().find(d.key());
    boolean created = false;
    if (ref.isEmpty()) {
      if (d.inDoubt()) {
        if (options.keyAttributeId().isEmpty() && d.previousAttemptAt() != null) {
          Instant searchable = d.previousAttemptAt().plus(inDoubtDelay);
          if (d.now().isBefore(searchable)) {
            return new Outcome.Retry(
                Duration.between(d.now(), searchable),
                "an earlier attempt may have created the ticket; searching after TeamDynamix's"
                    + " text index catches up");
          }
        }
        Http.Result found =
            authed("POST tickets/search", "POST", api("/tickets/search"), search(d), d.now());
        if (!found.ok()) {
          return found.failure();
        }
        JsonNode hit = pick(d, Json.read(found.body()));
        if (hit != null) {
          ref = Optional.of(refOf(hit));
          d.refs().store(d.key(), ref.get());
        }
      }
      if (ref.isEmpty()) {
        Http.Result r =
            authed(
                "POST tickets",
                "POST",
                api(
                    "/tickets?EnableNotifyReviewer=false&NotifyRequestor=false"
                        + "&NotifyResponsible=false&AllowRequestorCreation=false"),
                createBody(d),
                d.now());
        if (!r.ok()) {
          return r.failure();
        }
        ref = Optional.of(refOf(Json.read(r.body())));
        d.refs().store(d.key(), ref.get());
        created = true;
      }
    }
    String id = ref.get().externalId();
    if (!created) {
      Integer priority = priorityId(d, null);
      if (d.kind().equals("incident") && priority != null && PRIORITY_EVENTS.contains(d.event())) {
        Http.Result r =
            authed(
                "PATCH ticket",
                "PATCH",
                api("/tickets/" + id),
                patch("PriorityID", priority),
                d.now());
        if (!r.ok()) {
          return r.failure();
        }
      }
      Outcome f = feed(d, id);
      if (f != null) {
        return f;
      }
    }
    if (created || d.event().equals("opened") || d.event().equals("linked")) {
      return linkRelated(d, id);
    }
    return new Outcome.Delivered();
  }

  private static ArrayNode patch(String field, int value) {
    ArrayNode ops = Json.array();
    ops.addObject().put("op", "add").put("path", "/" + field).put("value", value);
    return ops;
  }

  /** The search for a ticket of this record: by the key attribute, else by text. */
  private ObjectNode search(Delivery d) {
    ObjectNode s = Json.object();
    s.put("MaxResults", 50);
    s.putArray("TicketClassification").add(classification(d.kind()));
    if (options.keyAttributeId().isPresent()) {
      s.putArray("CustomAttributes")
          .addObject()
          .put("ID", options.keyAttributeId().getAsInt())
          .put("Value", d.key());
    } else {
      s.put("SearchText", marker(d.key()));
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
          || t.path("Description").asText().contains(marker(d.key()))) {
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
        uri("/TDNext/Apps/" + options.appId() + "/Tickets/TicketDet?TicketID=" + id).toString());
  }

  /** The TeamDynamix priority of an incident's priority ({@code fallback} when it has none). */
  private Integer priorityId(Delivery d, Priority fallback) {
    Priority p = d.record() instanceof IncidentSnapshot i ? i.priority() : null;
    p = p == null ? fallback : p;
    return p == null ? null : options.priorityIds().get(p.name());
  }

  private ObjectNode createBody(Delivery d) {
    ObjectNode b = Json.object();
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
        "\n", RecordText.lines(d, "Burnrate record " + d.key() + " " + marker(d.key())));
  }

  /**
   * A private feed entry per timeline event, with the new status when the event moves the ticket,
   * once, even when retried in doubt.
   */
  private Outcome feed(Delivery d, String id) throws InterruptedException {
    String mark = "[burnrate-event-" + d.id() + "]";
    if (d.inDoubt()) {
      Http.Result existing =
          authed("GET ticket feed", "GET", api("/tickets/" + id + "/feed"), null, d.now());
      if (!existing.ok()) {
        return existing.failure();
      }
      for (JsonNode e : Json.read(existing.body())) {
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
    ObjectNode body = Json.object();
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
    switch (d.kind()) {
      case "incident" -> {
        String problem = null;
        String change = null;
        for (LinkLine l : d.record().links()) {
          String rel = l.relation();
          String other = l.key();
          Optional<ExternalRef> o = d.refs().find(other);
          if (o.isEmpty()) {
            continue;
          }
          if (rel.equals("problem") && other.startsWith("PRB-")) {
            problem = o.get().externalId();
          } else if ((rel.equals("suspected-cause") || rel.equals("caused-by"))
              && other.startsWith("CHG-")) {
            change = o.get().externalId();
          }
        }
        String parent = problem != null ? problem : change;
        if (parent != null) {
          parents.add(new String[] {id, parent});
        }
      }
      case "problem" -> {
        for (String k : d.record().incidents()) {
          d.refs().find(k).ifPresent(i -> parents.add(new String[] {i.externalId(), id}));
        }
      }
      default -> {
        for (LinkLine l : d.record().links()) {
          String rel = l.relation();
          String other = l.key();
          Optional<ExternalRef> i = d.refs().find(other);
          if ((rel.equals("suspected-cause") || rel.equals("caused-by"))
              && other.startsWith("INC-")
              && i.isPresent()) {
            // The incident's problem, when it has one, stays its parent.
            String incident = i.get().externalId();
            Http.Result t = authed("GET ticket", "GET", api("/tickets/" + incident), null, d.now());
            if (!t.ok()) {
              return t.failure();
            }
            if (Json.read(t.body()).path("ParentID").asInt(0) <= 0) {
              parents.add(new String[] {incident, id});
            }
          }
        }
      }
    }
    for (String[] p : parents) {
      Http.Result r =
          authed(
              "PATCH ticket",
              "PATCH",
              api("/tickets/" + p[0]),
              patch("ParentID", Integer.parseInt(p[1])),
              d.now());
      if (!r.ok()) {
        return r.failure();
      }
    }
    return new Outcome.Delivered();
  }
}
