package dev.burnrate.bridge.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ManageEngine ServiceDesk Plus REST API v3 as the bridge uses it: requests (add, edit, resolution,
 * close with {@code closure_info}, notes, the list with {@code list_info.search_criteria}),
 * problems (add, edit, notes, {@code associated_incidents}) and changes (add, edit, notes, {@code
 * initiated_requests}, {@code close_change}). It wants {@code Accept:
 * application/vnd.manageengine.sdp.v3+json} and bodies as the form field {@code input_data}, and
 * answers with {@code response_status} (status code 2000, or 4000 with messages such as 4001
 * invalid value, 4007 not found, 4012 mandatory field). On-premises it takes the technician key in
 * the {@code authtoken} header; as the cloud it takes {@code Authorization: Zoho-oauthtoken} tokens
 * that its own Zoho accounts endpoint ({@code POST /oauth/v2/token}, grant_type=refresh_token)
 * hands out.
 */
public final class ServiceDeskPlusFake extends FakeItsm {
  static final String ACCEPT = "application/vnd.manageengine.sdp.v3+json";
  private static final Pattern ONE =
      Pattern.compile(
          "/api/v3/(requests|problems|changes)/([0-9]+)"
              + "(/(notes|close|close_change|associated_incidents|initiated_requests))?");
  private static final Set<String> PRIORITIES = Set.of("Low", "Normal", "Medium", "High");
  private static final Set<String> REQUEST_STATUSES =
      Set.of("Open", "In Progress", "On Hold", "Resolved", "Closed", "Canceled");
  private static final Set<String> PROBLEM_STATUSES =
      Set.of("Open", "Onhold", "Resolved", "Closed");
  private static final Set<String> CHANGE_TYPES =
      Set.of("Minor", "Standard", "Significant", "Major", "Emergency");
  private static final Set<String> RISKS = Set.of("Low", "Medium", "High");

  private final String authtoken;
  private final String clientId;
  private final String clientSecret;
  private final String refreshToken;
  private final String prefix;

  /** The user-defined fields of each module, by API name. */
  public final Map<String, Set<String>> udfs = new LinkedHashMap<>();

  /** Access tokens handed out and not revoked. */
  private final Set<String> tokens = new LinkedHashSet<>();

  private final AtomicInteger tokenSerial = new AtomicInteger();

  /** Token refreshes asked for. */
  public final AtomicInteger tokenRequests = new AtomicInteger();

  /** The lifetime the accounts endpoint gives its tokens, in seconds. */
  public volatile long tokenLifetimeSeconds = 3600;

  /** The credential header of the last API call (authtoken or Authorization). */
  public volatile String lastCredential;

  /** Paths of the API calls, as they arrived (path prefix included). */
  public final List<String> paths = new ArrayList<>();

  private final Deque<Map<String, Object>> failed200 = new ArrayDeque<>();

  /** One request, problem or change. */
  public static final class Item {
    public final long id;
    public final String coll;
    public final ObjectNode fields = JSON.createObjectNode();
    public final List<JsonNode> notes = new ArrayList<>();
    public final Set<String> associated = new LinkedHashSet<>();

    Item(long id, String coll) {
      this.id = id;
      this.coll = coll;
    }

    /** A field as text ({@code name} of an object such as status), or null. */
    public String text(String f) {
      JsonNode v = fields.get(f);
      if (v == null || v.isNull()) {
        return null;
      }
      if (v.isObject() && v.has("name")) {
        return v.get("name").asText();
      }
      return v.isValueNode() ? v.asText() : v.toString();
    }

    /** A user-defined field, or null. */
    public String udf(String name) {
      JsonNode v = fields.path("udf_fields").get(name);
      return v == null || v.isNull() ? null : v.asText();
    }
  }

  public final Map<String, Map<Long, Item>> items = new LinkedHashMap<>();
  private long nextId = 100_000_000_000_001L;

  private ServiceDeskPlusFake(
      String authtoken, String clientId, String clientSecret, String refreshToken, String prefix) {
    this.authtoken = authtoken;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.refreshToken = refreshToken;
    this.prefix = prefix;
    for (String c : List.of("requests", "problems", "changes")) {
      items.put(c, new LinkedHashMap<>());
      udfs.put(c, new LinkedHashSet<>(Set.of("udf_sline_burnrate_key", "udf_pick_301")));
    }
  }

  /** ServiceDesk Plus on-premises with a technician key, under a path prefix (or ""). */
  public static ServiceDeskPlusFake onPremises(String authtoken, String prefix) {
    return new ServiceDeskPlusFake(authtoken, null, null, null, prefix);
  }

  /** ServiceDesk Plus Cloud with its Zoho accounts server, the API under {@code prefix}. */
  public static ServiceDeskPlusFake cloud(
      String clientId, String clientSecret, String refreshToken, String prefix) {
    return new ServiceDeskPlusFake(null, clientId, clientSecret, refreshToken, prefix);
  }

  /** Revokes every access token handed out, as when an admin revokes the client's grant. */
  public synchronized void revokeTokens() {
    tokens.clear();
  }

  /**
   * The next API call does nothing and answers 200 with {@code response_status} failed (4000) and
   * one message of this code, as ServiceDesk Plus does for some refused operations.
   */
  public synchronized void failNextWith200(int code, String field, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status_code", code);
    m.put("type", "failed");
    if (field != null) {
      m.put("field", field);
    }
    m.put("message", message);
    failed200.add(m);
  }

  private static Map<String, Object> ok() {
    return Map.of("status_code", 2000, "status", "success");
  }

  private static Answer failed(int http, int code, String field, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status_code", code);
    m.put("type", "failed");
    if (field != null) {
      m.put("field", field);
    }
    m.put("message", message);
    return Answer.of(
        http,
        Map.of(
            "response_status",
            Map.of("status_code", 4000, "status", "failed", "messages", List.of(m))));
  }

  private static Answer invalid(String field, String message) {
    return failed(400, 4001, field, message);
  }

  private static Answer mandatory(String field) {
    return failed(400, 4012, field, "Value for the field " + field + " is mandatory");
  }

  private static Answer one(String entity, Item i, int status) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(entity, view(i));
    m.put("response_status", ok());
    return Answer.of(status, m);
  }

  private static Map<String, Object> view(Item i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", String.valueOf(i.id));
    i.fields.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  private static String entity(String coll) {
    return coll.substring(0, coll.length() - 1);
  }

  @Override
  protected Answer handle(
      String method, String fullPath, Map<String, String> query, JsonNode ignored, HttpExchange ex)
      throws IOException {
    Map<String, String> form = rawBody.isEmpty() ? Map.of() : FakeItsm.query(rawBody);
    if (fullPath.equals("/oauth/v2/token") && clientId != null) {
      return token(method, form);
    }
    paths.add(fullPath);
    Answer denied = authenticate(ex);
    if (denied != null) {
      return denied;
    }
    if (!ACCEPT.equals(ex.getRequestHeaders().getFirst("Accept"))) {
      return failed(400, 4000, null, "Invalid Accept header; expected " + ACCEPT);
    }
    if (!fullPath.startsWith(prefix + "/api/v3/")) {
      return failed(404, 4007, null, "Invalid URL");
    }
    String path = fullPath.substring(prefix.length());
    JsonNode in;
    try {
      String raw = method.equals("GET") ? query.get("input_data") : form.get("input_data");
      in = raw == null ? null : JSON.readTree(raw);
    } catch (IOException e) {
      return failed(400, 4000, "input_data", "input_data is not valid JSON");
    }
    if (!method.equals("GET")) {
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
        return failed(400, 4000, null, "input_data must be sent as a form field");
      }
      if (in == null || !in.isObject()) {
        return mandatory("input_data");
      }
      if (!failed200.isEmpty()) {
        return Answer.of(
            200,
            Map.of(
                "response_status",
                Map.of(
                    "status_code",
                    4000,
                    "status",
                    "failed",
                    "messages",
                    List.of(failed200.poll()))));
      }
    }
    for (String coll : List.of("requests", "problems", "changes")) {
      if (path.equals("/api/v3/" + coll)) {
        if (method.equals("POST")) {
          return create(coll, in);
        }
        if (method.equals("GET")) {
          return list(coll, in);
        }
        return failed(405, 4000, null, "Method not allowed");
      }
    }
    Matcher m = ONE.matcher(path);
    if (!m.matches()) {
      return failed(404, 4007, null, "Invalid URL");
    }
    String coll = m.group(1);
    Item i = items.get(coll).get(Long.parseLong(m.group(2)));
    if (i == null) {
      return failed(404, 4007, "id", "Resource not found");
    }
    String sub = m.group(4);
    if (sub == null) {
      if (method.equals("GET")) {
        return one(entity(coll), i, 200);
      }
      if (method.equals("PUT")) {
        return edit(i, in.path(entity(coll)));
      }
    } else if (sub.equals("notes")) {
      if (method.equals("POST")) {
        JsonNode n = in.path(coll.equals("requests") ? "request_note" : "note");
        if (!n.path("description").isTextual() || n.path("description").asText().isBlank()) {
          return mandatory("description");
        }
        i.notes.add(n);
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("id", String.valueOf(i.notes.size()));
        note.put("description", n.path("description").asText());
        return Answer.of(
            201,
            Map.of(
                coll.equals("requests") ? "request_note" : "note", note, "response_status", ok()));
      }
      if (method.equals("GET")) {
        return page("notes", i.notes, in);
      }
    } else if (sub.equals("close") && coll.equals("requests") && method.equals("PUT")) {
      JsonNode ci = in.path("request").path("closure_info");
      if (!ci.isObject()) {
        return mandatory("closure_info");
      }
      if ("Closed".equals(i.text("status"))) {
        return failed(400, 4001, "status", "Request is already closed");
      }
      i.fields.set("closure_info", ci);
      i.fields.set("status", JSON.createObjectNode().put("name", "Closed"));
      return one("request", i, 200);
    } else if (sub.equals("close_change") && coll.equals("changes") && method.equals("PUT")) {
      String status = in.path("status").asText();
      if (!Set.of("completed", "canceled").contains(status)) {
        return invalid("status", "Status should be one of completed, canceled");
      }
      if ("Close".equals(i.text("stage"))) {
        return failed(400, 4001, "stage", "Change is already closed");
      }
      i.fields.set("stage", JSON.createObjectNode().put("name", "Close"));
      i.fields.set(
          "status",
          JSON.createObjectNode()
              .put("name", status.equals("completed") ? "Completed" : "Canceled"));
      i.fields.put("close_comment", in.path("comment").asText());
      return one("change", i, 200);
    } else if (method.equals("POST")
        && ((sub.equals("associated_incidents") && coll.equals("problems"))
            || (sub.equals("initiated_requests") && coll.equals("changes")))) {
      JsonNode list = in.path(sub);
      if (!list.isArray() || list.isEmpty()) {
        return mandatory(sub);
      }
      for (JsonNode e : list) {
        String rid = e.path("request").path("id").asText();
        if (!rid.matches("[0-9]+") || !items.get("requests").containsKey(Long.parseLong(rid))) {
          return invalid("request.id", "ID provided is not valid: " + rid);
        }
      }
      for (JsonNode e : list) {
        if (i.associated.contains(e.path("request").path("id").asText())) {
          return failed(
              400, 4008, "request.id", "Request is already associated: " + e.path("request"));
        }
      }
      for (JsonNode e : list) {
        i.associated.add(e.path("request").path("id").asText());
      }
      return Answer.of(200, Map.of("response_status", ok()));
    } else if (method.equals("GET")
        && ((sub.equals("associated_incidents") && coll.equals("problems"))
            || (sub.equals("initiated_requests") && coll.equals("changes")))) {
      List<JsonNode> list = new ArrayList<>();
      for (String rid : i.associated) {
        ObjectNode e = JSON.createObjectNode();
        e.putObject("request").put("id", rid);
        list.add(e);
      }
      return page(sub, list, in);
    }
    return failed(405, 4000, null, "Method not allowed");
  }

  private Answer token(String method, Map<String, String> form) {
    tokenRequests.incrementAndGet();
    if (!method.equals("POST")) {
      return Answer.of(405, Map.of("error", "invalid_request"));
    }
    if (!"refresh_token".equals(form.get("grant_type"))) {
      return Answer.of(200, Map.of("error", "unsupported_grant_type"));
    }
    if (!clientId.equals(form.get("client_id"))
        || !clientSecret.equals(form.get("client_secret"))) {
      return Answer.of(200, Map.of("error", "invalid_client"));
    }
    if (!refreshToken.equals(form.get("refresh_token"))) {
      return Answer.of(200, Map.of("error", "invalid_code"));
    }
    String t = "1000." + Integer.toHexString(0x5eed0000 + tokenSerial.incrementAndGet());
    tokens.add(t);
    return Answer.of(
        200,
        Map.of(
            "access_token",
            t,
            "api_domain",
            "https://www.zohoapis.com",
            "token_type",
            "Bearer",
            "expires_in",
            tokenLifetimeSeconds));
  }

  private Answer authenticate(HttpExchange ex) {
    if (authtoken != null) {
      String h = ex.getRequestHeaders().getFirst("authtoken");
      lastCredential = h;
      if (!authtoken.equals(h)) {
        return failed(401, 4001, "authtoken", "Invalid authtoken");
      }
      return null;
    }
    String h = ex.getRequestHeaders().getFirst("Authorization");
    lastCredential = h;
    if (h == null || !h.startsWith("Zoho-oauthtoken ") || !tokens.contains(h.substring(16))) {
      return failed(401, 4000, null, "Invalid OAuth token");
    }
    return null;
  }

  private Answer validate(String coll, JsonNode b, boolean create) {
    if (!b.isObject()) {
      return mandatory(coll.equals("requests") ? "request" : entity(coll));
    }
    String title = coll.equals("requests") ? "subject" : "title";
    if (create && (!b.path(title).isTextual() || b.path(title).asText().isBlank())) {
      return mandatory(title);
    }
    if (b.path(title).asText().length() > 250) {
      return failed(400, 4001, title, "Length of the field " + title + " exceeds 250");
    }
    if (b.has("udf_fields")) {
      for (String f : (Iterable<String>) () -> b.get("udf_fields").fieldNames()) {
        if (!udfs.get(coll).contains(f)) {
          return invalid("udf_fields." + f, "No such field " + f);
        }
      }
    }
    Map<String, Set<String>> names =
        switch (coll) {
          case "requests" -> Map.of("priority", PRIORITIES, "status", REQUEST_STATUSES);
          case "problems" -> Map.of("status", PROBLEM_STATUSES);
          default -> Map.of("change_type", CHANGE_TYPES, "risk", RISKS);
        };
    for (Map.Entry<String, Set<String>> e : names.entrySet()) {
      JsonNode v = b.get(e.getKey());
      if (v != null && !e.getValue().contains(v.path("name").asText())) {
        return invalid(e.getKey(), "Invalid value " + v.path("name").asText());
      }
    }
    if (coll.equals("changes")) {
      for (String f : List.of("scheduled_start_time", "scheduled_end_time")) {
        if (b.has(f) && !b.get(f).path("value").asText().matches("[0-9]{1,15}")) {
          return invalid(f, "Invalid date value");
        }
      }
    }
    return null;
  }

  private Answer create(String coll, JsonNode in) {
    JsonNode b = in.path(entity(coll));
    Answer bad = validate(coll, b, true);
    if (bad != null) {
      return bad;
    }
    Item i = new Item(nextId++, coll);
    b.properties().forEach(e -> i.fields.set(e.getKey(), e.getValue()));
    i.fields.put("display_id", String.valueOf(items.get(coll).size() + 1));
    if (coll.equals("changes")) {
      i.fields.set("stage", JSON.createObjectNode().put("name", "Submission"));
      long s = b.path("scheduled_start_time").path("value").asLong(0);
      long e = b.path("scheduled_end_time").path("value").asLong(Long.MAX_VALUE);
      if (e <= s) {
        return invalid("scheduled_end_time", "End time should be after start time");
      }
    }
    items.get(coll).put(i.id, i);
    return one(entity(coll), i, 201);
  }

  private Answer edit(Item i, JsonNode b) {
    Answer bad = validate(i.coll, b, false);
    if (bad != null) {
      return bad;
    }
    if (i.coll.equals("requests")) {
      if ("Closed".equals(i.text("status"))) {
        return failed(400, 4001, "status", "Closed request cannot be edited");
      }
      if ("Closed".equals(b.path("status").path("name").asText())) {
        return invalid("status", "Use the close operation to close a request");
      }
      boolean resolution =
          !b.path("resolution").path("content").asText().isBlank()
              || !i.fields.path("resolution").path("content").asText().isBlank();
      if ("Resolved".equals(b.path("status").path("name").asText()) && !resolution) {
        return mandatory("resolution");
      }
    }
    b.properties().forEach(e -> i.fields.set(e.getKey(), e.getValue()));
    return one(entity(i.coll), i, 200);
  }

  private Answer list(String coll, JsonNode in) {
    JsonNode li = in == null ? JSON.createObjectNode() : in.path("list_info");
    JsonNode sc = li.path("search_criteria");
    List<JsonNode> criteria = new ArrayList<>();
    if (sc.isArray()) {
      sc.forEach(criteria::add);
    } else if (sc.isObject()) {
      criteria.add(sc);
    }
    List<JsonNode> found = new ArrayList<>();
    for (Item i : items.get(coll).values()) {
      boolean match = true;
      for (JsonNode c : criteria) {
        String field = c.path("field").asText();
        if (!c.path("condition").asText().equals("is")) {
          return invalid("list_info.search_criteria.condition", "Unsupported condition");
        }
        if (!field.startsWith("udf_fields.")
            || !udfs.get(coll).contains(field.substring("udf_fields.".length()))) {
          return invalid("list_info.search_criteria.field", "Invalid field " + field);
        }
        String v = i.udf(field.substring("udf_fields.".length()));
        match &= c.path("value").asText().equals(v);
      }
      if (match) {
        found.add(JSON.valueToTree(view(i)));
      }
    }
    return page(coll, found, in);
  }

  private static Answer page(String name, List<JsonNode> all, JsonNode in) {
    JsonNode li = in == null ? JSON.createObjectNode() : in.path("list_info");
    int rows = li.path("row_count").asInt(10);
    if (rows < 1 || rows > 100) {
      return invalid("list_info.row_count", "row_count should be between 1 and 100");
    }
    int start = Math.max(1, li.path("start_index").asInt(1));
    int from = Math.min(all.size(), start - 1);
    int to = Math.min(all.size(), from + rows);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("has_more_rows", to < all.size());
    info.put("start_index", start);
    info.put("row_count", to - from);
    return Answer.of(
        200,
        Map.of(name, all.subList(from, to), "list_info", info, "response_status", List.of(ok())));
  }

  /** Adds records that are not Burnrate's, as the people using the tool do. */
  public synchronized void addOthers(String coll, int n) {
    for (int k = 0; k < n; k++) {
      Item i = new Item(nextId++, coll);
      i.fields.put(coll.equals("requests") ? "subject" : "title", "printer on floor 3 " + k);
      i.fields.set("status", JSON.createObjectNode().put("name", "Open"));
      items.get(coll).put(i.id, i);
    }
  }

  private List<Item> itemsFor(String key) {
    List<Item> out = new ArrayList<>();
    for (Map<Long, Item> byId : items.values()) {
      for (Item i : byId.values()) {
        for (String f : udfs.get(i.coll)) {
          if (key.equals(i.udf(f))) {
            out.add(i);
            break;
          }
        }
      }
    }
    return out;
  }

  @Override
  public synchronized int recordCount() {
    return items.values().stream().mapToInt(Map::size).sum();
  }

  @Override
  public synchronized int recordsFor(String key) {
    return itemsFor(key).size();
  }

  @Override
  public synchronized String state(String key) {
    List<Item> r = itemsFor(key);
    if (r.isEmpty()) {
      return null;
    }
    Item i = r.get(0);
    if (i.coll.equals("changes")) {
      return "Close".equals(i.text("stage")) ? "closed" : "open";
    }
    String s = i.text("status");
    return switch (s == null ? "" : s) {
      case "Resolved" -> "resolved";
      case "Closed" -> "closed";
      default -> "open";
    };
  }

  /** The record of a Burnrate key. */
  public synchronized Item item(String key) {
    List<Item> r = itemsFor(key);
    return r.isEmpty() ? null : r.get(0);
  }
}
