package dev.burnrate.bridge.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ServiceNow Table API as the bridge uses it: GET with sysparm_query, GET, POST, PATCH by sys_id on
 * incident, problem and change_request; work_notes become sys_journal_field rows. Basic auth.
 *
 * <p>As on an instance: a closed incident (state 7) is read-only, and a write to it is a 403 naming
 * an ACL exception; a user without the table's role gets 403 "User Not Authorized"; a change
 * request's state moves only to the next state of its type's state model (or to Canceled), any
 * other state change being refused by the state model's business rule.
 */
public final class ServiceNowFake extends FakeItsm {
  private static final Pattern TABLE =
      Pattern.compile("/api/now/table/([a-z_]+)(/([0-9a-f]{32}))?");
  private static final List<String> TABLES = List.of("incident", "problem", "change_request");

  private final String user;
  private final String password;
  public final Map<String, Map<String, String>> rows = new LinkedHashMap<>();
  public final List<Map<String, String>> journal = new ArrayList<>();
  private final Map<String, Integer> numbers = new HashMap<>();

  /** The states each change request (by sys_id) was set to, in order, from its creation. */
  public final Map<String, List<String>> changeStates = new LinkedHashMap<>();

  /** While true, the user lacks the role the tables need: every call is a 403. */
  public volatile boolean roleMissing;

  private static final Map<String, List<String>> MODELS =
      Map.of(
          "normal", List.of("-5", "-4", "-3", "-2", "-1", "0", "3"),
          "emergency", List.of("-5", "-3", "-2", "-1", "0", "3"),
          "standard", List.of("-5", "-2", "-1", "0", "3"));

  public ServiceNowFake(String user, String password) {
    this.user = user;
    this.password = password;
  }

  private static Map<String, Object> error(String message) {
    return Map.of("error", Map.of("message", message, "detail", ""), "status", "failure");
  }

  private boolean matches(Map<String, String> row, String query) {
    for (String cond : query.split("\\^")) {
      if (cond.contains("LIKE")) {
        String[] kv = cond.split("LIKE", 2);
        if (!row.getOrDefault(kv[0], "").contains(kv[1])) {
          return false;
        }
      } else {
        String[] kv = cond.split("=", 2);
        if (!row.getOrDefault(kv[0], "").equals(kv.length > 1 ? kv[1] : "")) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  protected Answer handle(
      String method, String path, Map<String, String> query, JsonNode body, HttpExchange ex) {
    if (!basicAuth(ex, user, password)) {
      return Answer.of(401, error("User Not Authenticated"));
    }
    if (roleMissing) {
      return Answer.of(
          403,
          Map.of(
              "error",
              Map.of("message", "User Not Authorized", "detail", "Failed API level ACL Validation"),
              "status",
              "failure"));
    }
    Matcher m = TABLE.matcher(path);
    if (!m.matches()) {
      return Answer.of(400, error("Invalid table"));
    }
    String table = m.group(1);
    String sysId = m.group(3);
    if (table.equals("sys_journal_field") && method.equals("GET")) {
      List<Map<String, String>> out =
          journal.stream()
              .filter(r -> matches(r, query.getOrDefault("sysparm_query", "")))
              .toList();
      return Answer.of(200, Map.of("result", out));
    }
    if (!TABLES.contains(table)) {
      return Answer.of(400, error("Invalid table " + table));
    }
    if (method.equals("GET") && sysId == null) {
      String q = query.getOrDefault("sysparm_query", "");
      List<Map<String, String>> out = new ArrayList<>();
      for (Map<String, String> r : rows.values()) {
        if (r.get("sys_class_name").equals(table) && matches(r, q)) {
          out.add(Map.of("sys_id", r.get("sys_id"), "number", r.get("number")));
        }
      }
      int limit = Integer.parseInt(query.getOrDefault("sysparm_limit", "10000"));
      return Answer.of(200, Map.of("result", out.subList(0, Math.min(limit, out.size()))));
    }
    if (method.equals("GET") && sysId != null) {
      Map<String, String> row = rows.get(sysId);
      if (row == null || !row.get("sys_class_name").equals(table)) {
        return Answer.of(404, error("No Record found"));
      }
      return Answer.of(200, Map.of("result", row));
    }
    if (method.equals("POST") && sysId == null) {
      if (body == null || body.path("short_description").asText().isEmpty()) {
        return Answer.of(400, error("short_description is mandatory"));
      }
      Map<String, String> row = new LinkedHashMap<>();
      body.properties().forEach(e -> row.put(e.getKey(), e.getValue().asText()));
      String id = UUID.randomUUID().toString().replace("-", "");
      int n = numbers.merge(table, 1, Integer::sum);
      String prefix =
          switch (table) {
            case "incident" -> "INC";
            case "problem" -> "PRB";
            default -> "CHG";
          };
      row.put("sys_id", id);
      row.put("number", prefix + String.format("%07d", n));
      row.put("sys_class_name", table);
      rows.put(id, row);
      if (table.equals("change_request")) {
        row.putIfAbsent("state", "-5");
        row.putIfAbsent("type", "normal");
        changeStates.computeIfAbsent(id, k -> new ArrayList<>()).add(row.get("state"));
      }
      return Answer.of(201, Map.of("result", row));
    }
    if (method.equals("PATCH") && sysId != null) {
      Map<String, String> row = rows.get(sysId);
      if (row == null || !row.get("sys_class_name").equals(table)) {
        return Answer.of(404, error("No Record found"));
      }
      if (table.equals("incident") && "7".equals(row.get("state"))) {
        return Answer.of(
            403,
            Map.of(
                "error",
                Map.of(
                    "message",
                    "Operation Failed",
                    "detail",
                    "ACL Exception Update Failed due to security constraints"),
                "status",
                "failure"));
      }
      if (table.equals("change_request") && body.has("state")) {
        String from = row.get("state");
        String to = body.path("state").asText();
        List<String> model = MODELS.getOrDefault(row.get("type"), MODELS.get("normal"));
        int i = model.indexOf(from);
        boolean next = i >= 0 && i + 1 < model.size() && model.get(i + 1).equals(to);
        boolean cancel = to.equals("4") && !from.equals("3") && !from.equals("4");
        if (!to.equals(from) && !next && !cancel) {
          return Answer.of(
              403,
              Map.of(
                  "error",
                  Map.of(
                      "message",
                      "Operation Failed",
                      "detail",
                      "Error during update of change_request (" + row.get("number") + ")"),
                  "status",
                  "failure"));
        }
        if (!to.equals(from)) {
          changeStates.computeIfAbsent(sysId, k -> new ArrayList<>()).add(to);
        }
      }
      body.properties()
          .forEach(
              e -> {
                if (e.getKey().equals("work_notes")) {
                  journal.add(
                      Map.of(
                          "element_id",
                          sysId,
                          "element",
                          "work_notes",
                          "value",
                          e.getValue().asText()));
                } else {
                  row.put(e.getKey(), e.getValue().asText());
                }
              });
      return Answer.of(200, Map.of("result", row));
    }
    return Answer.of(405, error("Method not supported"));
  }

  private List<Map<String, String>> rowsFor(String key) {
    return rows.values().stream()
        .filter(r -> ("burnrate:" + key).equals(r.get("correlation_id")))
        .toList();
  }

  @Override
  public synchronized int recordCount() {
    return rows.size();
  }

  @Override
  public synchronized int recordsFor(String key) {
    return rowsFor(key).size();
  }

  @Override
  public synchronized String state(String key) {
    List<Map<String, String>> r = rowsFor(key);
    if (r.isEmpty()) {
      return null;
    }
    return switch (r.get(0).get("state")) {
      case "1", "101", "-5" -> "open";
      case "2" -> "acknowledged";
      case "6", "106" -> "resolved";
      case "7", "107", "3" -> "closed";
      default -> r.get(0).get("state");
    };
  }

  /** The row of a Burnrate key. */
  public synchronized Map<String, String> row(String key) {
    List<Map<String, String>> r = rowsFor(key);
    return r.isEmpty() ? null : r.get(0);
  }
}
