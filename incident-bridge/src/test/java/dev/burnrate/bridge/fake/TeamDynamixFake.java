package dev.burnrate.bridge.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TeamDynamix Web API as the bridge uses it: {@code POST /TDWebApi/api/auth/loginadmin} answering a
 * JWT in {@code text/plain}, Bearer auth on everything else, the tickets of one application
 * (create, get, JSON Patch, feed, search, statuses, types). Errors as ASP.NET Web API writes them
 * ({@code {"Message": "..."}}); every answer carries {@code X-RateLimit-Limit}, {@code
 * X-RateLimit-Remaining} and {@code X-RateLimit-Reset} (RFC 1123), and a 429 no {@code
 * Retry-After}.
 */
public final class TeamDynamixFake extends FakeItsm {
  private static final Pattern ONE =
      Pattern.compile("/TDWebApi/api/([0-9]+)/tickets/([0-9]+)(/feed)?");
  private static final Set<Integer> CLASSES = Set.of(9, 32, 33, 34, 46);
  private static final Set<String> PATCHABLE =
      Set.of("/title", "/description", "/priorityid", "/statusid", "/parentid", "/accountid");

  private final String beid;
  private final String key;
  private final String prefix;
  private final int appId;

  /** The fake's clock: token expiry and rate-limit resets are read from it. */
  public volatile Supplier<Instant> clock = Instant::now;

  /** How long a token is valid (24 h, as documented). */
  public volatile Duration tokenLifetime = Duration.ofHours(24);

  /** When a 429's period ends; null for a second from now. */
  public volatile Instant resetAt;

  /**
   * The X-RateLimit-Reset a 429 sends instead of a date, as a broken proxy might; null for none.
   */
  public volatile String resetHeader;

  /** Every call that reached the API, as {@code METHOD path} without the prefix. */
  public final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The bodies of every ticket search. */
  public final List<JsonNode> searches = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Logins that gave a token. */
  public volatile int logins;

  private final Map<String, Instant> tokens = new LinkedHashMap<>();

  /** One ticket. */
  public static final class Ticket {
    public final int id;
    public final ObjectNode fields;
    public final List<JsonNode> feed = new ArrayList<>();

    Ticket(int id, ObjectNode fields) {
      this.id = id;
      this.fields = fields;
    }

    /** A field as text, or null. */
    public String text(String f) {
      JsonNode v = fields.get(f);
      return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    /** The value of a custom attribute, or null. */
    public String attribute(int id) {
      for (JsonNode a : fields.path("Attributes")) {
        if (a.path("ID").asInt() == id) {
          return a.path("Value").asText();
        }
      }
      return null;
    }
  }

  public final Map<Integer, Ticket> tickets = new LinkedHashMap<>();
  private int nextId = 1001;
  private int nextFeedId = 1;

  /** The statuses of the application: ID, name, class (1 New, 2 In Process, 3 Completed ...). */
  public static final List<Map<String, Object>> STATUSES =
      List.of(
          status(201, "New", 1, true, 1),
          status(202, "In Process", 2, false, 2),
          status(203, "Resolved", 3, false, 3),
          status(204, "Closed", 3, false, 4),
          status(205, "Cancelled", 4, false, 5),
          status(206, "On Hold", 5, false, 6),
          status(207, "Retired", 1, false, 0, false));

  private static Map<String, Object> status(int id, String name, int cls, boolean def, int order) {
    return status(id, name, cls, def, order, true);
  }

  private static Map<String, Object> status(
      int id, String name, int cls, boolean def, int order, boolean active) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", id);
    m.put("Name", name);
    m.put("Description", "");
    m.put("Order", order);
    m.put("StatusClass", cls);
    m.put("IsActive", active);
    m.put("IsDefault", def);
    return m;
  }

  /** A fake at the root of its URL. */
  public TeamDynamixFake(String beid, String key, int appId) {
    this(beid, key, appId, "");
  }

  /** A fake whose API lives under a path prefix, as behind a reverse proxy. */
  public TeamDynamixFake(String beid, String key, int appId, String prefix) {
    this.beid = beid;
    this.key = key;
    this.appId = appId;
    this.prefix = prefix;
  }

  private static Answer message(int status, String text) {
    return Answer.of(status, Map.of("Message", text));
  }

  private Map<String, String> limits(Instant reset) {
    return Map.of(
        "X-RateLimit-Limit",
        "60",
        "X-RateLimit-Remaining",
        "59",
        "X-RateLimit-Reset",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(reset.atOffset(ZoneOffset.UTC)));
  }

  @Override
  protected Answer rateLimited() {
    Instant reset = resetAt != null ? resetAt : clock.get().plusSeconds(1);
    Map<String, String> h = new LinkedHashMap<>(limits(reset));
    h.put("X-RateLimit-Remaining", "0");
    if (resetHeader != null) {
      h.put("X-RateLimit-Reset", resetHeader);
    }
    return new Answer(429, Map.of("Message", "Rate limit exceeded."), h);
  }

  private Answer ok(int status, Object body) {
    return new Answer(status, body, limits(clock.get().plusSeconds(60)));
  }

  /** A JWT as TeamDynamix issues them: HS256, with nbf and exp claims. */
  private String issue() {
    Instant now = clock.get();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"typ\":\"JWT\",\"alg\":\"HS256\"}";
    String claims =
        "{\"iss\":\"TD\",\"aud\":\"https://www.teamdynamix.com/\",\"nbf\":"
            + now.getEpochSecond()
            + ",\"exp\":"
            + now.plus(tokenLifetime).getEpochSecond()
            + ",\"unique_name\":\"burnrate-admin\",\"jti\":\""
            + UUID.randomUUID()
            + "\"}";
    String jwt =
        b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    tokens.put(jwt, now.plus(tokenLifetime));
    logins++;
    return jwt;
  }

  /** Forgets every token issued, as when TeamDynamix invalidates sessions. */
  public synchronized void revokeTokens() {
    tokens.clear();
  }

  private boolean authorized(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.startsWith("Bearer ")) {
      return false;
    }
    Instant exp = tokens.get(h.substring("Bearer ".length()));
    return exp != null && clock.get().isBefore(exp);
  }

  @Override
  protected Answer handle(
      String method, String fullPath, Map<String, String> query, JsonNode body, HttpExchange ex) {
    if (!fullPath.startsWith(prefix + "/TDWebApi/api/")) {
      return message(404, "No HTTP resource was found that matches the request URI.");
    }
    String path = fullPath.substring(prefix.length());
    calls.add(method + " " + path);
    if (path.equals("/TDWebApi/api/auth/loginadmin")) {
      if (!method.equals("POST")) {
        return message(
            405, "The requested resource does not support http method '" + method + "'.");
      }
      if (body == null
          || !beid.equals(body.path("BEID").asText())
          || !key.equals(body.path("WebServicesKey").asText())) {
        return message(401, "Invalid BEID or web services key.");
      }
      return new Answer(200, new Raw("text/plain; charset=utf-8", issue()), Map.of());
    }
    if (!authorized(ex)) {
      return message(401, "Authorization has been denied for this request.");
    }
    String base = "/TDWebApi/api/" + appId + "/tickets";
    if (!path.startsWith("/TDWebApi/api/" + appId + "/")) {
      return message(404, "The application could not be found or you do not have access to it.");
    }
    if (path.equals(base + "/statuses") && method.equals("GET")) {
      return ok(200, STATUSES);
    }
    if (path.equals(base + "/types") && method.equals("GET")) {
      return ok(
          200,
          List.of(
              Map.of("ID", 301, "Name", "Retired type", "IsActive", false),
              Map.of("ID", 302, "Name", "IT Services", "IsActive", true)));
    }
    if (path.equals(base + "/search") && method.equals("POST")) {
      return search(body);
    }
    if (path.equals(base) && method.equals("POST")) {
      for (String q : query.keySet()) {
        if (!Set.of(
                "EnableNotifyReviewer",
                "NotifyRequestor",
                "NotifyResponsible",
                "AllowRequestorCreation",
                "applyDefaults")
            .contains(q)) {
          return message(400, "Unknown query parameter " + q + ".");
        }
      }
      Answer bad = validateCreate(body);
      if (bad != null) {
        return bad;
      }
      ObjectNode f = ((ObjectNode) body).deepCopy();
      Ticket t = new Ticket(nextId++, f);
      f.put("ID", t.id);
      f.put("AppID", appId);
      if (!f.has("StatusID")) {
        f.put("StatusID", 201);
      }
      if (!f.has("ParentID")) {
        f.put("ParentID", 0);
      }
      tickets.put(t.id, t);
      return ok(201, f);
    }
    Matcher m = ONE.matcher(path);
    if (!m.matches()) {
      return message(404, "No HTTP resource was found that matches the request URI.");
    }
    Ticket t = tickets.get(Integer.parseInt(m.group(2)));
    if (t == null) {
      return message(404, "Ticket not found.");
    }
    boolean feed = m.group(3) != null;
    if (!feed && method.equals("GET")) {
      return ok(200, t.fields);
    }
    if (!feed && method.equals("PATCH")) {
      return patch(t, body);
    }
    if (feed && method.equals("GET")) {
      return ok(200, t.feed);
    }
    if (feed && method.equals("POST")) {
      return addFeed(t, body);
    }
    return message(405, "The requested resource does not support http method '" + method + "'.");
  }

  private Answer validateCreate(JsonNode b) {
    if (b == null || !b.isObject()) {
      return message(400, "Ticket data must be provided.");
    }
    if (!b.path("TypeID").isInt() || b.path("TypeID").asInt() != 302) {
      return message(400, "Ticket type " + b.path("TypeID") + " is not valid (TypeID).");
    }
    if (!b.path("Title").isTextual() || b.path("Title").asText().isBlank()) {
      return message(400, "Title is required.");
    }
    if (b.has("Classification")
        && (!CLASSES.contains(b.path("Classification").asInt())
            || b.path("Classification").asInt() == 9)) {
      return message(400, "Classification " + b.path("Classification") + " is not valid.");
    }
    if (b.has("StatusID") && !statusExists(b.path("StatusID").asInt())) {
      return message(400, "Status " + b.path("StatusID") + " is not valid (StatusID).");
    }
    if (b.has("Attributes") && !b.get("Attributes").isArray()) {
      return message(400, "Attributes must be an array.");
    }
    return null;
  }

  private static boolean statusExists(int id) {
    return STATUSES.stream().anyMatch(s -> s.get("ID").equals(id) && (boolean) s.get("IsActive"));
  }

  private Answer patch(Ticket t, JsonNode ops) {
    if (ops == null || !ops.isArray()) {
      return message(400, "A JSON Patch document (an array of operations) is required.");
    }
    for (JsonNode op : ops) {
      String o = op.path("op").asText();
      String p = op.path("path").asText().toLowerCase(java.util.Locale.ROOT);
      if (!Set.of("add", "replace", "remove").contains(o)) {
        return message(400, "Patch operation '" + o + "' is not supported.");
      }
      if (!PATCHABLE.contains(p)) {
        return message(400, "Path '" + op.path("path").asText() + "' cannot be patched.");
      }
      if (p.equals("/parentid")) {
        int parent = op.path("value").asInt();
        if (o.equals("remove")) {
          t.fields.put("ParentID", 0);
          continue;
        }
        if (!tickets.containsKey(parent) || parent == t.id) {
          return message(400, "Parent ticket " + parent + " is not valid (ParentID).");
        }
      }
      if (p.equals("/statusid") && !statusExists(op.path("value").asInt())) {
        return message(400, "Status " + op.path("value") + " is not valid (StatusID).");
      }
    }
    for (JsonNode op : ops) {
      String p = op.path("path").asText().toLowerCase(java.util.Locale.ROOT);
      String field =
          switch (p) {
            case "/title" -> "Title";
            case "/description" -> "Description";
            case "/priorityid" -> "PriorityID";
            case "/statusid" -> "StatusID";
            case "/accountid" -> "AccountID";
            default -> "ParentID";
          };
      if (op.path("op").asText().equals("remove")) {
        t.fields.putNull(field);
      } else {
        t.fields.set(field, op.path("value"));
      }
    }
    return ok(200, t.fields);
  }

  private Answer addFeed(Ticket t, JsonNode b) {
    if (b == null || !b.isObject()) {
      return message(400, "Feed entry data must be provided.");
    }
    int status = b.path("NewStatusID").asInt(0);
    if (status != 0 && !statusExists(status)) {
      return message(400, "Status " + status + " is not valid (NewStatusID).");
    }
    if (status == 0 && b.path("Comments").asText("").isBlank()) {
      return message(400, "Comments are required when the status does not change.");
    }
    if (b.has("IsPrivate") && !b.get("IsPrivate").isBoolean()) {
      return message(400, "IsPrivate must be a boolean.");
    }
    if (status != 0) {
      t.fields.put("StatusID", status);
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("ID", nextFeedId++);
    entry.put("Body", b.path("Comments").asText(""));
    entry.put("IsPrivate", b.path("IsPrivate").asBoolean(false));
    entry.put("IsRichHtml", b.path("IsRichHtml").asBoolean(false));
    entry.put("NewStatusID", status);
    entry.put("CreatedDate", clock.get().toString());
    JsonNode e = JSON.valueToTree(entry);
    t.feed.add(e);
    return ok(200, e);
  }

  private Answer search(JsonNode s) {
    if (s == null || !s.isObject()) {
      return message(400, "Search data must be provided.");
    }
    searches.add(s);
    int max = s.path("MaxResults").asInt(25);
    Set<Integer> classes = new HashSet<>();
    s.path("TicketClassification").forEach(c -> classes.add(c.asInt()));
    String text = s.path("SearchText").asText(null);
    List<JsonNode> out = new ArrayList<>();
    for (Ticket t : tickets.values()) {
      if (!classes.isEmpty()
          && !classes.contains(9)
          && !classes.contains(t.fields.path("Classification").asInt())) {
        continue;
      }
      boolean match = true;
      for (JsonNode a : s.path("CustomAttributes")) {
        String v = t.attribute(a.path("ID").asInt());
        match &= v != null && v.equals(a.path("Value").asText());
      }
      if (text != null) {
        String hay =
            t.text("Title") + " " + t.text("Description") + " " + t.fields.path("Attributes");
        for (JsonNode f : t.feed) {
          hay += " " + f.path("Body").asText();
        }
        match &=
            hay.toLowerCase(java.util.Locale.ROOT)
                .contains(text.toLowerCase(java.util.Locale.ROOT));
      }
      if (match && out.size() < max) {
        // Search results are listings: no description.
        ObjectNode listing = t.fields.deepCopy();
        listing.remove("Description");
        out.add(listing);
      }
    }
    return ok(200, out);
  }

  /** Adds tickets that are not Burnrate's, as the people using the tool do. */
  public synchronized void addOthers(int n, String titlePrefix) {
    for (int k = 0; k < n; k++) {
      ObjectNode f = JSON.createObjectNode();
      Ticket t = new Ticket(nextId++, f);
      f.put("ID", t.id);
      f.put("Title", titlePrefix + " printer on floor 3 #" + k);
      f.put("Description", "jammed");
      f.put("Classification", 32);
      f.put("StatusID", 201);
      f.put("ParentID", 0);
      tickets.put(t.id, t);
    }
  }

  private List<Ticket> ticketsFor(String key) {
    List<Ticket> out = new ArrayList<>();
    for (Ticket t : tickets.values()) {
      String title = t.text("Title");
      String d = t.text("Description");
      if ((title != null && title.startsWith(key + " "))
          || (d != null && d.contains("[burnrate-" + key + "]"))) {
        out.add(t);
      }
    }
    return out;
  }

  @Override
  public synchronized int recordCount() {
    return tickets.size();
  }

  @Override
  public synchronized int recordsFor(String key) {
    return ticketsFor(key).size();
  }

  @Override
  public synchronized String state(String key) {
    List<Ticket> r = ticketsFor(key);
    if (r.isEmpty()) {
      return null;
    }
    return switch (r.get(0).fields.path("StatusID").asInt()) {
      case 203 -> "resolved";
      case 204, 205 -> "closed";
      default -> "open";
    };
  }

  /** The ticket of a Burnrate key. */
  public synchronized Ticket ticket(String key) {
    List<Ticket> r = ticketsFor(key);
    return r.isEmpty() ? null : r.get(0);
  }
}
