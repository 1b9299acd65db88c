package dev.burnrate.bridge.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Freshservice API v2 as the bridge uses it: tickets (create, update, private notes, conversations,
 * the tag filter), problems and changes (create with their mandatory fields, update, notes, list).
 * Basic auth with the API key and the password {@code X}; validation errors in Freshservice's
 * documented shape ({@code {"description":"Validation failed","errors":[...]}}).
 */
public final class FreshserviceFake extends FakeItsm {
  private static final Pattern ONE =
      Pattern.compile("/api/v2/(tickets|problems|changes)/([0-9]+)(/(notes|conversations))?");
  private static final Pattern TAG = Pattern.compile("^\"tag:'([^']+)'\"$");

  private final String apiKey;
  private final String prefix;

  /** One ticket, problem or change. */
  public static final class Item {
    public final long id;
    public final String kind;
    public final Map<String, JsonNode> fields = new LinkedHashMap<>();
    public final List<JsonNode> notes = new ArrayList<>();
    Instant updatedAt = Instant.now();

    Item(long id, String kind) {
      this.id = id;
      this.kind = kind;
    }

    /** A field as text, or null. */
    public String text(String f) {
      JsonNode v = fields.get(f);
      return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    boolean tagged(String tag) {
      JsonNode t = fields.get("tags");
      if (t != null) {
        for (JsonNode n : t) {
          if (n.asText().equals(tag)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  public final Map<String, Map<Long, Item>> items = new LinkedHashMap<>();
  private long nextId = 1;

  /** A fake at the root of its URL. */
  public FreshserviceFake(String apiKey) {
    this(apiKey, "");
  }

  /** A fake whose API lives under a path prefix, as behind a reverse proxy. */
  public FreshserviceFake(String apiKey, String prefix) {
    this.apiKey = apiKey;
    this.prefix = prefix;
    for (String c : List.of("tickets", "problems", "changes")) {
      items.put(c, new LinkedHashMap<>());
    }
  }

  private static Answer invalid(String field, String message, String code) {
    return Answer.of(
        400,
        Map.of(
            "description",
            "Validation failed",
            "errors",
            List.of(Map.of("field", field, "message", message, "code", code))));
  }

  private static Answer checkRange(JsonNode body, String f, int lo, int hi, boolean required) {
    JsonNode v = body.get(f);
    if (v == null) {
      return required
          ? invalid(f, "It should be one of these values: " + lo + ".." + hi, "missing_field")
          : null;
    }
    if (!v.isInt() || v.asInt() < lo || v.asInt() > hi) {
      return invalid(f, "It should be one of these values: " + lo + ".." + hi, "invalid_value");
    }
    return null;
  }

  private static Answer checkDate(JsonNode body, String f, boolean required) {
    JsonNode v = body.get(f);
    if (v == null) {
      return required ? invalid(f, "It should be a/an valid date", "missing_field") : null;
    }
    try {
      Instant.parse(v.asText());
      return null;
    } catch (DateTimeParseException e) {
      return invalid(f, "It should be a/an valid date", "invalid_value");
    }
  }

  private Answer validate(String coll, JsonNode b, boolean create) {
    if (b == null || !b.isObject()) {
      return invalid("body", "Request body must be a JSON object", "invalid_value");
    }
    List<Answer> errs = new ArrayList<>();
    if (create) {
      for (String f : List.of("subject", "description")) {
        if (!b.path(f).isTextual() || b.path(f).asText().isBlank()) {
          errs.add(invalid(f, "It should be a/an String", "missing_field"));
        }
      }
      if (!b.path("email").isTextual() && !b.has("requester_id")) {
        errs.add(
            invalid(
                "requester_id",
                "Please fill at least 1 of email, requester_id fields",
                "missing_field"));
      }
    }
    errs.add(checkRange(b, "priority", 1, 4, create));
    switch (coll) {
      case "tickets" -> {
        errs.add(checkRange(b, "status", 2, 5, create));
        if (b.has("tags") && !b.get("tags").isArray()) {
          errs.add(invalid("tags", "It should be a/an Array", "datatype_mismatch"));
        }
        for (String link : List.of("problem", "change_initiating_ticket")) {
          if (b.has(link)) {
            String target = link.equals("problem") ? "problems" : "changes";
            long id = b.get(link).path("display_id").asLong(-1);
            if (!items.get(target).containsKey(id)) {
              errs.add(
                  invalid(
                      link, "There is no " + target + " with display_id " + id, "invalid_value"));
            }
          }
        }
      }
      case "problems" -> {
        errs.add(checkRange(b, "status", 1, 3, create));
        errs.add(checkRange(b, "impact", 1, 3, create));
        errs.add(checkDate(b, "due_by", create));
        if (b.has("analysis_fields") && !b.get("analysis_fields").isObject()) {
          errs.add(invalid("analysis_fields", "It should be a/an Hash", "datatype_mismatch"));
        }
      }
      default -> {
        errs.add(checkRange(b, "status", 1, 6, create));
        errs.add(checkRange(b, "impact", 1, 3, create));
        errs.add(checkRange(b, "risk", 1, 4, create));
        errs.add(checkRange(b, "change_type", 1, 4, create));
        errs.add(checkDate(b, "planned_start_date", create));
        errs.add(checkDate(b, "planned_end_date", create));
      }
    }
    return errs.stream().filter(e -> e != null).findFirst().orElse(null);
  }

  private static Map<String, Object> view(Item i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.id);
    i.fields.forEach(m::put);
    return m;
  }

  private static String singular(String coll) {
    return switch (coll) {
      case "tickets" -> "ticket";
      case "problems" -> "problem";
      default -> "change";
    };
  }

  /** The account's requests per minute, as {@code X-Ratelimit-Total} tells. */
  public volatile int ratePerMinute = 140;

  /** 429s answered because the minute's requests were spent. */
  public int tooManyRequests;

  private long window = -1;
  private int usedInWindow;

  /**
   * Counts the request against the minute's limit (every call counts, even a failed one) and adds
   * the documented headers; a call over the limit is a 429 with {@code Retry-After}.
   */
  @Override
  protected Answer handle(
      String method, String fullPath, Map<String, String> query, JsonNode body, HttpExchange ex) {
    long now = System.currentTimeMillis();
    long minute = now / 60_000;
    if (minute != window) {
      window = minute;
      usedInWindow = 0;
    }
    usedInWindow++;
    int total = ratePerMinute;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Ratelimit-Total", String.valueOf(total));
    headers.put("X-Ratelimit-Remaining", String.valueOf(Math.max(0, total - usedInWindow)));
    headers.put("X-Ratelimit-Used-CurrentRequest", "1");
    if (usedInWindow > total) {
      tooManyRequests++;
      headers.put("Retry-After", String.valueOf(Math.max(1, (60_000 - now % 60_000) / 1000)));
      return new Answer(
          429, Map.of("message", "You have exceeded the limit of requests per minute"), headers);
    }
    Answer a = answer(method, fullPath, query, body, ex);
    Map<String, String> all = new LinkedHashMap<>(a.headers());
    headers.forEach(all::putIfAbsent);
    return new Answer(a.status(), a.body(), all);
  }

  private Answer answer(
      String method, String fullPath, Map<String, String> query, JsonNode body, HttpExchange ex) {
    if (!basicAuth(ex, apiKey, "X")) {
      return Answer.of(
          401,
          Map.of(
              "code", "invalid_credentials",
              "message", "You have to be logged in to perform this action."));
    }
    if (!fullPath.startsWith(prefix + "/api/v2/")) {
      return Answer.of(404, Map.of("message", "not found"));
    }
    String path = fullPath.substring(prefix.length());
    if (method.equals("GET") && path.equals("/api/v2/tickets/filter")) {
      Matcher m = TAG.matcher(query.getOrDefault("query", ""));
      if (!m.matches()) {
        return invalid("query", "Given query is invalid", "invalid_value");
      }
      List<Map<String, Object>> found = new ArrayList<>();
      for (Item i : items.get("tickets").values()) {
        if (i.tagged(m.group(1))) {
          found.add(view(i));
        }
      }
      return Answer.of(200, Map.of("tickets", found, "total", found.size()));
    }
    for (String coll : List.of("tickets", "problems", "changes")) {
      if (path.equals("/api/v2/" + coll)) {
        if (method.equals("POST")) {
          Answer bad = validate(coll, body, true);
          if (bad != null) {
            return bad;
          }
          Item i = new Item(nextId++, coll);
          body.properties().forEach(e -> i.fields.put(e.getKey(), e.getValue()));
          items.get(coll).put(i.id, i);
          return Answer.of(201, Map.of(singular(coll), view(i)));
        }
        if (method.equals("GET") && !coll.equals("tickets")) {
          Set<String> params =
              coll.equals("changes")
                  ? Set.of("per_page", "page", "updated_since", "workspace_id")
                  : Set.of("per_page", "page", "workspace_id");
          for (String q : query.keySet()) {
            if (!params.contains(q)) {
              return invalid(q, "Unexpected/invalid field in request", "invalid_field");
            }
          }
          Instant since =
              query.containsKey("updated_since") ? Instant.parse(query.get("updated_since")) : null;
          int perPage = Integer.parseInt(query.getOrDefault("per_page", "30"));
          int page = Integer.parseInt(query.getOrDefault("page", "1"));
          List<Map<String, Object>> all = new ArrayList<>();
          for (Item i : items.get(coll).values()) {
            if (since == null || !i.updatedAt.isBefore(since)) {
              all.add(0, view(i)); // newest first
            }
          }
          int from = Math.min(all.size(), (page - 1) * perPage);
          return Answer.of(
              200, Map.of(coll, all.subList(from, Math.min(all.size(), from + perPage))));
        }
        return Answer.of(405, Map.of("message", "method not allowed"));
      }
    }
    Matcher m = ONE.matcher(path);
    if (!m.matches()) {
      return Answer.of(404, Map.of("message", "not found"));
    }
    String coll = m.group(1);
    Item i = items.get(coll).get(Long.parseLong(m.group(2)));
    if (i == null) {
      return Answer.of(404, Map.of("code", "access_denied", "message", "Record not found"));
    }
    String sub = m.group(4);
    if (sub == null && method.equals("PUT")) {
      Answer bad = validate(coll, body, false);
      if (bad != null) {
        return bad;
      }
      body.properties().forEach(e -> i.fields.put(e.getKey(), e.getValue()));
      i.updatedAt = Instant.now();
      return Answer.of(200, Map.of(singular(coll), view(i)));
    }
    if (sub == null && method.equals("GET")) {
      return Answer.of(200, Map.of(singular(coll), view(i)));
    }
    if ("notes".equals(sub) && method.equals("POST")) {
      if (body == null || !body.path("body").isTextual() || body.path("body").asText().isBlank()) {
        return invalid("body", "It should be a/an String", "missing_field");
      }
      if (body.has("private") && !body.get("private").isBoolean()) {
        return invalid("private", "It should be a/an Boolean", "datatype_mismatch");
      }
      i.notes.add(body);
      return Answer.of(
          201,
          Map.of(
              coll.equals("tickets") ? "conversation" : "note",
              Map.of("id", i.notes.size(), "body", body.path("body").asText())));
    }
    if ("conversations".equals(sub) && method.equals("GET") && coll.equals("tickets")) {
      return Answer.of(200, Map.of("conversations", i.notes));
    }
    if ("notes".equals(sub) && method.equals("GET") && !coll.equals("tickets")) {
      return Answer.of(200, Map.of("notes", i.notes));
    }
    return Answer.of(405, Map.of("message", "method not allowed"));
  }

  /** Adds records that are not Burnrate's, as the people using the tool do. */
  public synchronized void addOthers(String coll, int n) {
    for (int k = 0; k < n; k++) {
      Item i = new Item(nextId++, coll);
      i.fields.put("subject", JSON.getNodeFactory().textNode("printer on floor 3 " + k));
      i.fields.put("description", JSON.getNodeFactory().textNode("<div>jammed</div>"));
      i.fields.put("status", JSON.getNodeFactory().numberNode(1));
      items.get(coll).put(i.id, i);
    }
  }

  private List<Item> itemsFor(String key) {
    List<Item> out = new ArrayList<>();
    for (Map<Long, Item> byId : items.values()) {
      for (Item i : byId.values()) {
        String d = i.text("description");
        if (i.tagged("burnrate-" + key) || (d != null && d.contains("[burnrate-" + key + "]"))) {
          out.add(i);
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
    int s = Integer.parseInt(i.text("status"));
    return switch (i.kind) {
      case "tickets" -> s == 4 ? "resolved" : s == 5 ? "closed" : "open";
      case "problems" -> s == 3 ? "closed" : "open";
      default -> s == 6 ? "closed" : "open";
    };
  }

  /** The record of a Burnrate key. */
  public synchronized Item item(String key) {
    List<Item> r = itemsFor(key);
    return r.isEmpty() ? null : r.get(0);
  }
}
