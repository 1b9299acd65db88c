package dev.burnrate.bridge.internal.connector.servicedeskplus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.BridgeSettings.ConnectorSettings;
import dev.burnrate.bridge.internal.connector.Connector;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.RecordText;
import dev.burnrate.bridge.internal.record.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
  static final String ACCEPT = "application/vnd.manageengine.sdp.v3+json";

  /** Events that change what Burnrate owns of a record (status, priority, dates, root cause). */
  private static final Set<String> FIELD_EVENTS =
      Set.of(
          "opened",
          "updated",
          "escalated",
          "refired",
          "recovered",
          "acknowledged",
          "resolved",
          "closed",
          "known_error");

  /**
   * Message codes of a failed answer that a later attempt may get past: 4002 (the technician may
   * not do this yet: a role someone will fix, as 401/403), 4004 (internal error), 4015 (rate
   * limit). Every other code is about the input and is final for the message.
   */
  static final Set<Integer> RETRIED_CODES = Set.of(4002, 4004, 4015);

  /** How many pages of notes an in-doubt note looks through. */
  static final int NOTE_PAGES = 10;

  private final ConnectorSettings settings;
  private final Http http;
  private final String authtoken;
  private final ZohoToken oauth;
  private volatile Instant pausedUntil = Instant.MIN;

  public ServiceDeskPlusConnector(ConnectorSettings settings, Http http) {
    this.settings = settings;
    this.http = http;
    if (settings.secrets().containsKey("authtoken")) {
      this.authtoken = settings.secrets().get("authtoken").reveal();
      this.oauth = null;
    } else {
      this.authtoken = null;
      this.oauth =
          new ZohoToken(
              http,
              URI.create(
                  settings.option("accountsUrl", ServiceDeskPlusSettings.DEFAULT_ACCOUNTS_URL)),
              settings.secrets().get("clientId").reveal(),
              settings.secrets().get("clientSecret").reveal(),
              settings.secrets().get("refreshToken").reveal());
    }
  }

  @Override
  public String name() {
    return settings.name();
  }

  /** The API collection of a record kind. */
  static String collection(String kind) {
    return switch (kind) {
      case "problem" -> "problems";
      case "change" -> "changes";
      default -> "requests";
    };
  }

  /** The JSON name of one record of a kind, in bodies and answers. */
  static String entity(String kind) {
    return switch (kind) {
      case "problem" -> "problem";
      case "change" -> "change";
      default -> "request";
    };
  }

  /** The user-defined field holding the Burnrate key of a record of this kind. */
  String keyField(String kind) {
    String all = settings.option("recordKeyField", ServiceDeskPlusSettings.DEFAULT_KEY_FIELD);
    return switch (kind) {
      case "problem" -> settings.option("problemKeyField", all);
      case "change" -> settings.option("changeKeyField", all);
      default -> all;
    };
  }

  // ---- HTTP -------------------------------------------------------------------------------

  /** An answer's JSON, or the outcome that ends the delivery. */
  record Reply(JsonNode body, Outcome failure) {
    boolean ok() {
      return failure == null;
    }
  }

  private URI uri(String path) {
    String base = settings.url().toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The query string of a read: {@code ?input_data=<JSON>}. */
  static String query(JsonNode inputData) {
    return "?input_data=" + enc(Json.write(inputData)).replace("+", "%20");
  }

  private Reply get(String path, Instant now) throws InterruptedException {
    return call("GET", path, null, now);
  }

  private Reply call(String method, String path, JsonNode inputData, Instant now)
      throws InterruptedException {
    Attempt a = attempt(method, path, inputData, now);
    if (a.tokenRefused()) {
      // A token may be revoked or expire early: refresh it once and try again.
      a = attempt(method, path, inputData, now);
    }
    return a.reply();
  }

  /** One call, and whether ServiceDesk Plus refused the OAuth token it carried. */
  private record Attempt(Reply reply, boolean tokenRefused) {}

  private Attempt attempt(String method, String path, JsonNode inputData, Instant now)
      throws InterruptedException {
    String token = null;
    HttpRequest.Builder b = http.request(uri(path)).setHeader("Accept", ACCEPT);
    if (oauth != null) {
      ZohoToken.Header h = oauth.header(now);
      if (h.failure() != null) {
        return new Attempt(new Reply(null, h.failure()), false);
      }
      token = h.token();
      b.header("Authorization", h.value());
    } else {
      b.header("authtoken", authtoken);
    }
    if (inputData == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/x-www-form-urlencoded")
          .method(
              method,
              HttpRequest.BodyPublishers.ofString(
                  "input_data=" + enc(Json.write(inputData)), StandardCharsets.UTF_8));
    }
    Http.Result res = http.send(b.build(), now);
    Reply r = read(method, path, res, now);
    if (r.failure() != null) {
      // ServiceDesk Plus's own messages are not masked by Http; nor is the access token, which
      // is not among the configured secrets.
      r = new Reply(r.body(), masked(r.failure(), token != null ? token : authtoken));
    }
    boolean refused = token != null && res.response() != null && res.status() == 401;
    if (refused) {
      oauth.refused(token);
    }
    return new Attempt(r, refused);
  }

  /** The error with a credential masked. */
  private static Outcome masked(Outcome o, String token) {
    return switch (o) {
      case Outcome.Retry r -> new Outcome.Retry(r.after(), r.error().replace(token, "***"));
      case Outcome.Rejected r -> new Outcome.Rejected(r.error().replace(token, "***"));
      case Outcome.Delivered d -> d;
    };
  }

  private Reply read(String method, String path, Http.Result res, Instant now) {
    if (res.response() == null) {
      return new Reply(null, res.failure());
    }
    int status = res.status();
    if (status == 429) {
      Duration after = Http.retryAfter(res.response(), now).orElse(null);
      if (after != null) {
        pausedUntil = now.plus(after);
      }
      return new Reply(null, res.failure());
    }
    JsonNode body;
    try {
      body = res.body() == null || res.body().isBlank() ? null : Json.read(res.body());
    } catch (IllegalArgumentException e) {
      body = null;
    }
    String what = method + " " + path.replaceAll("\\?.*", "") + " answered " + status;
    Outcome failed = body == null ? null : failure(body, what);
    if (failed instanceof Outcome.Retry retry && retry.error().contains("status_code 4015")) {
      pausedUntil = now.plus(Duration.ofSeconds(60));
      failed = new Outcome.Retry(Duration.ofSeconds(60), retry.error());
    }
    if (!res.ok()) {
      // Http sorted the status; a failed body says more, and whether a 400 is worth a retry.
      if (failed == null || status == 401 || status == 403 || status >= 500) {
        return new Reply(null, res.failure());
      }
      return new Reply(null, failed);
    }
    if (failed != null) {
      return new Reply(null, failed);
    }
    if (body == null) {
      return new Reply(null, new Outcome.Retry(null, what + " with no JSON body"));
    }
    return new Reply(body, null);
  }

  /**
   * The outcome of an answer whose {@code response_status} says it failed ({@code status_code} 4000
   * or {@code status} "failed", as an object or, in list answers, an array), or null when it
   * succeeded. A message code in {@link #RETRIED_CODES} is retried; any other code (4001 invalid
   * value, 4007 not found, 4008 not unique, 4012 mandatory field, ...) is about the input and
   * rejects the message with ServiceDesk Plus's words. A failure without a message code is retried.
   */
  static Outcome failure(JsonNode body, String what) {
    JsonNode rs = body.path("response_status");
    List<JsonNode> statuses = new ArrayList<>();
    if (rs.isArray()) {
      rs.forEach(statuses::add);
    } else if (rs.isObject()) {
      statuses.add(rs);
    }
    boolean failed = false;
    List<Integer> codes = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (JsonNode s : statuses) {
      if (s.path("status_code").asInt(2000) >= 4000
          || s.path("status").asText().equalsIgnoreCase("failed")) {
        failed = true;
        texts.add("status_code " + s.path("status_code").asText());
        for (JsonNode m : s.path("messages")) {
          if (m.path("status_code").canConvertToInt()) {
            codes.add(m.path("status_code").asInt());
          }
          StringBuilder t = new StringBuilder("status_code " + m.path("status_code").asText());
          if (m.hasNonNull("field")) {
            t.append(" field ").append(m.path("field").asText());
          }
          if (m.hasNonNull("message")) {
            t.append(": ").append(m.path("message").asText());
          }
          texts.add(t.toString());
        }
      }
    }
    if (!failed) {
      return null;
    }
    String error = Http.abbreviate(what + ", response_status failed: " + String.join("; ", texts));
    boolean retried = codes.isEmpty() || codes.stream().anyMatch(RETRIED_CODES::contains);
    return retried ? new Outcome.Retry(null, error) : new Outcome.Rejected(error);
  }

  // ---- delivery ---------------------------------------------------------------------------

  @Override
  public Outcome deliver(Delivery d) throws InterruptedException {
    if (d.now().isBefore(pausedUntil)) {
      return new Outcome.Retry(
          Duration.between(d.now(), pausedUntil), "ServiceDesk Plus asked to wait (rate limit)");
    }
    String coll = collection(d.kind());
    Optional<ExternalRef> ref = d.refs().find(d.key());
    boolean created = false;
    if (ref.isEmpty()) {
      if (d.inDoubt()) {
        Reply found = findEarlier(d);
        if (!found.ok()) {
          return found.failure();
        }
        JsonNode hit = pick(d, found.body());
        if (hit != null) {
          ref = Optional.of(refOf(d.kind(), hit));
          d.refs().store(d.key(), ref.get());
        }
      }
      if (ref.isEmpty()) {
        Reply r = call("POST", "/api/v3/" + coll, createBody(d), d.now());
        if (!r.ok()) {
          return r.failure();
        }
        JsonNode rec = r.body().path(entity(d.kind()));
        if (!rec.hasNonNull("id")) {
          return new Outcome.Retry(null, "POST /api/v3/" + coll + " answered without an id");
        }
        ref = Optional.of(refOf(d.kind(), rec));
        d.refs().store(d.key(), ref.get());
        created = true;
      }
    }
    String id = ref.get().externalId();
    String state = d.record().path("state").asText();
    if (!created || !(state.equals("open") || state.equals("planned"))) {
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
    if (created || d.event().equals("opened") || d.event().equals("linked")) {
      return linkRelated(d, id);
    }
    return new Outcome.Delivered();
  }

  /** Looks for a record an earlier attempt may have created, by its key field. */
  private Reply findEarlier(Delivery d) throws InterruptedException {
    ObjectNode in = Json.object();
    ObjectNode li = in.putObject("list_info");
    li.put("row_count", 10);
    li.put("start_index", 1);
    ObjectNode c = li.putObject("search_criteria");
    c.put("field", "udf_fields." + keyField(d.kind()));
    c.put("condition", "is");
    c.put("value", d.key());
    return get("/api/v3/" + collection(d.kind()) + query(in), d.now());
  }

  /** The record of this Burnrate key in a list answer, or null. */
  private JsonNode pick(Delivery d, JsonNode list) {
    String field = keyField(d.kind());
    for (JsonNode n : list.path(collection(d.kind()))) {
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
    String ui =
        switch (kind) {
          case "problem" -> "/ui/problems?mode=detail&id=";
          case "change" -> "/ui/changes?mode=detail&id=";
          default -> "/ui/requests?mode=detail&id=";
        };
    String prefix =
        switch (kind) {
          case "problem" -> "PB-";
          case "change" -> "CH-";
          default -> "";
        };
    return new ExternalRef(id, prefix + display, uri(ui + id).toString());
  }

  /** Burnrate's P1..P4 as ServiceDesk Plus's default priorities. */
  static String priority(String p) {
    return switch (p) {
      case "P1" -> "High";
      case "P2" -> "Medium";
      case "P4" -> "Low";
      default -> "Normal";
    };
  }

  /** An incident's state as a request status (closed goes through the close operation). */
  static String requestStatus(String state) {
    return switch (state) {
      case "acknowledged" -> "In Progress";
      case "resolved", "closed" -> "Resolved";
      default -> "Open";
    };
  }

  /** A problem's state as a problem status. */
  static String problemStatus(String state) {
    return switch (state) {
      case "resolved" -> "Resolved";
      case "closed" -> "Closed";
      default -> "Open";
    };
  }

  /** A change kind as a change type: standard Standard, emergency Emergency, else Minor. */
  static String changeType(String kind) {
    return switch (kind) {
      case "standard" -> "Standard";
      case "emergency" -> "Emergency";
      default -> "Minor";
    };
  }

  /** A change kind as a risk. */
  static String risk(String kind) {
    return switch (kind) {
      case "standard" -> "Low";
      case "emergency" -> "High";
      default -> "Medium";
    };
  }

  private static ObjectNode named(String name) {
    ObjectNode o = Json.object();
    o.put("name", name);
    return o;
  }

  private static ObjectNode time(Instant t) {
    ObjectNode o = Json.object();
    o.put("value", String.valueOf(t.toEpochMilli()));
    return o;
  }

  private ObjectNode createBody(Delivery d) {
    JsonNode rec = d.record();
    ObjectNode in = Json.object();
    ObjectNode b = in.putObject(entity(d.kind()));
    String title = d.key() + " " + rec.path("title").asText();
    if (title.length() > 250) {
      title = title.substring(0, 250);
    }
    b.put(d.kind().equals("incident") ? "subject" : "title", title);
    b.put("description", description(d));
    b.putObject("udf_fields").put(keyField(d.kind()), d.key());
    if (settings.options().containsKey("group")) {
      b.set("group", named(settings.options().get("group")));
    }
    String state = rec.path("state").asText();
    switch (d.kind()) {
      case "problem" -> {
        b.set("status", named(problemStatus(state)));
        rootCause(b, rec);
      }
      case "change" -> {
        String kind = rec.path("changeKind").asText("normal");
        b.set("change_type", named(changeType(kind)));
        b.set("risk", named(risk(kind)));
        Instant start =
            rec.hasNonNull("startedAt") ? Instant.parse(rec.path("startedAt").asText()) : d.now();
        Instant end =
            rec.hasNonNull("endedAt")
                ? Instant.parse(rec.path("endedAt").asText())
                : start.plus(Duration.ofHours(1));
        if (!end.isAfter(start)) {
          end = start.plusSeconds(1);
        }
        b.set("scheduled_start_time", time(start));
        b.set("scheduled_end_time", time(end));
      }
      default -> {
        b.set("priority", named(priority(rec.path("priority").asText("P3"))));
        b.set("status", named("Open"));
        String requester = settings.options().get("requester");
        if (requester != null) {
          ObjectNode r = Json.object();
          r.put(requester.contains("@") ? "email_id" : "name", requester);
          b.set("requester", r);
        }
      }
    }
    return in;
  }

  /** A problem's root cause and workaround, in its analysis fields. */
  private static void rootCause(ObjectNode b, JsonNode rec) {
    if (rec.hasNonNull("rootCause")) {
      b.put("root_cause", RecordText.html(rec.path("rootCause").asText()));
    }
    if (rec.hasNonNull("workaround")) {
      b.put("workaround", RecordText.html(rec.path("workaround").asText()));
    }
  }

  private String description(Delivery d) {
    return RecordText.paragraphs(RecordText.lines(d, "Burnrate record " + d.key()));
  }

  /** Writes what Burnrate owns of the record after an event; null when all went well. */
  private Outcome update(Delivery d, String id) throws InterruptedException {
    JsonNode rec = d.record();
    String state = rec.path("state").asText();
    switch (d.kind()) {
      case "problem" -> {
        ObjectNode in = Json.object();
        ObjectNode b = in.putObject("problem");
        b.set("status", named(problemStatus(state)));
        rootCause(b, rec);
        return outcome(call("PUT", "/api/v3/problems/" + id, in, d.now()));
      }
      case "change" -> {
        if (Set.of("completed", "failed", "rejected", "cancelled").contains(state)) {
          return closeChange(d, id, state);
        }
        if (rec.hasNonNull("endedAt")) {
          ObjectNode in = Json.object();
          in.putObject("change")
              .set("scheduled_end_time", time(Instant.parse(rec.path("endedAt").asText())));
          return outcome(call("PUT", "/api/v3/changes/" + id, in, d.now()));
        }
        return null;
      }
      default -> {
        if (state.equals("closed")) {
          return closeRequest(d, id);
        }
        ObjectNode in = Json.object();
        ObjectNode b = in.putObject("request");
        b.set("priority", named(priority(rec.path("priority").asText("P3"))));
        b.set("status", named(requestStatus(state)));
        if (state.equals("resolved")) {
          b.putObject("resolution").put("content", RecordText.html(resolution(d)));
        }
        return outcome(call("PUT", "/api/v3/requests/" + id, in, d.now()));
      }
    }
  }

  private static String resolution(Delivery d) {
    JsonNode r = d.record().path("resolution");
    return r.isTextual() && !r.asText().isBlank() ? r.asText() : d.message();
  }

  private static Outcome outcome(Reply r) {
    return r.ok() ? null : r.failure();
  }

  /** Closes a request with its closure information, unless it is closed already. */
  private Outcome closeRequest(Delivery d, String id) throws InterruptedException {
    // Closing a closed request fails; an earlier attempt or a person may have closed it.
    Reply now = get("/api/v3/requests/" + id, d.now());
    if (!now.ok()) {
      return now.failure();
    }
    if (now.body().path("request").path("status").path("name").asText().equals("Closed")) {
      return null;
    }
    ObjectNode in = Json.object();
    ObjectNode ci = in.putObject("request").putObject("closure_info");
    ci.put("requester_ack_resolution", true);
    ci.put("requester_ack_comments", "Closed by Burnrate");
    ci.put("closure_comments", resolution(d));
    ci.set("closure_code", named(settings.option("closureCode", "Success")));
    return outcome(call("PUT", "/api/v3/requests/" + id + "/close", in, d.now()));
  }

  /** Closes a change through {@code close_change}, unless it is closed already. */
  private Outcome closeChange(Delivery d, String id, String state) throws InterruptedException {
    Reply now = get("/api/v3/changes/" + id, d.now());
    if (!now.ok()) {
      return now.failure();
    }
    if (now.body().path("change").path("stage").path("name").asText().equals("Close")) {
      return null;
    }
    ObjectNode in = Json.object();
    in.put("status", state.equals("completed") ? "completed" : "canceled");
    in.put("comment", d.message());
    return outcome(call("PUT", "/api/v3/changes/" + id + "/close_change", in, d.now()));
  }

  /** A note per timeline event, once, even when retried in doubt. */
  private Outcome note(Delivery d, String coll, String id) throws InterruptedException {
    String mark = "[burnrate-event-" + d.id() + "]";
    if (d.inDoubt()) {
      for (int page = 0; page < NOTE_PAGES; page++) {
        ObjectNode in = Json.object();
        ObjectNode li = in.putObject("list_info");
        li.put("row_count", 100);
        li.put("start_index", page * 100 + 1);
        Reply existing = get("/api/v3/" + coll + "/" + id + "/notes" + query(in), d.now());
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
    String text = d.message();
    if (d.kind().equals("problem") && d.event().equals("known_error")) {
      text +=
          d.record().hasNonNull("workaround")
              ? "\nWorkaround: " + d.record().path("workaround").asText()
              : "";
    }
    ObjectNode in = Json.object();
    ObjectNode n = in.putObject(d.kind().equals("incident") ? "request_note" : "note");
    n.put(
        "description", "<p>" + RecordText.html(text) + "</p><p>" + RecordText.html(mark) + "</p>");
    if (d.kind().equals("incident")) {
      n.put("show_to_requester", false);
      n.put("notify_technician", false);
      n.put("mark_first_response", false);
      n.put("add_to_linked_requests", false);
    }
    return outcome(call("POST", "/api/v3/" + coll + "/" + id + "/notes", in, d.now()));
  }

  /**
   * Associates a problem with its incidents, and a change with the incidents it caused, once both
   * records exist in ServiceDesk Plus, from whichever side arrives second.
   */
  private Outcome linkRelated(Delivery d, String id) throws InterruptedException {
    List<String[]> links = new ArrayList<>(); // problem or change path, request id
    switch (d.kind()) {
      case "incident" -> {
        for (JsonNode l : d.record().path("links")) {
          String rel = l.path("relation").asText();
          String other = l.path("key").asText();
          Optional<ExternalRef> o = d.refs().find(other);
          if (o.isEmpty()) {
            continue;
          }
          if (rel.equals("problem") && other.startsWith("PRB-")) {
            links.add(new String[] {"problems/" + o.get().externalId(), id});
          } else if ((rel.equals("suspected-cause") || rel.equals("caused-by"))
              && other.startsWith("CHG-")) {
            links.add(new String[] {"changes/" + o.get().externalId(), id});
          }
        }
      }
      case "problem" -> {
        for (JsonNode k : d.record().path("incidents")) {
          d.refs()
              .find(k.asText())
              .ifPresent(i -> links.add(new String[] {"problems/" + id, i.externalId()}));
        }
      }
      default -> {
        for (JsonNode l : d.record().path("links")) {
          String rel = l.path("relation").asText();
          String other = l.path("key").asText();
          if ((rel.equals("suspected-cause") || rel.equals("caused-by"))
              && other.startsWith("INC-")) {
            d.refs()
                .find(other)
                .ifPresent(i -> links.add(new String[] {"changes/" + id, i.externalId()}));
          }
        }
      }
    }
    for (String[] l : links) {
      boolean problem = l[0].startsWith("problems/");
      String list = problem ? "associated_incidents" : "initiated_requests";
      // Both sides of a link try it, and an association made twice is refused: look first.
      Reply existing = get("/api/v3/" + l[0] + "/" + list, d.now());
      if (!existing.ok()) {
        return existing.failure();
      }
      if (associated(existing.body()).contains(l[1])) {
        continue;
      }
      ObjectNode in = Json.object();
      ArrayNode a = in.putArray(list);
      a.addObject().putObject("request").put("id", l[1]);
      Reply r = call("POST", "/api/v3/" + l[0] + "/" + list, in, d.now());
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
