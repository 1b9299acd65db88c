package dev.burnrate.bridge.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jira Cloud REST API v3 as the bridge uses it: create issue, JQL search by label, issue links,
 * comments, and a workflow Open -> Resolved -> Closed through transitions. Basic auth with an email
 * and an API token.
 */
public final class JiraFake extends FakeItsm {
  private static final Pattern LABEL = Pattern.compile("labels\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern ISSUE =
      Pattern.compile("/rest/api/3/issue/([A-Z]+-[0-9]+)(/(comment|transitions))?");

  private final String user;
  private final String token;
  private final String project;

  /** One issue. */
  public static final class Issue {
    public final String id;
    public final String key;
    public final String type;
    public final List<String> labels = new ArrayList<>();
    public String status = "Open";
    public final List<String> comments = new ArrayList<>();
    public String assigneeAccountId;

    Issue(String id, String key, String type) {
      this.id = id;
      this.key = key;
      this.type = type;
    }
  }

  public final Map<String, Issue> issues = new LinkedHashMap<>();
  public final List<String> links = new ArrayList<>();

  public JiraFake(String user, String token, String project) {
    this.user = user;
    this.token = token;
    this.project = project;
  }

  private static Map<String, Object> errors(String msg) {
    return Map.of("errorMessages", List.of(msg), "errors", Map.of());
  }

  @Override
  protected Answer handle(
      String method, String path, Map<String, String> query, JsonNode body, HttpExchange ex) {
    if (!basicAuth(ex, user, token)) {
      return Answer.of(401, errors("Client must be authenticated to access this resource."));
    }
    if (method.equals("POST") && path.equals("/rest/api/3/issue")) {
      JsonNode f = body == null ? null : body.path("fields");
      if (f == null || !project.equals(f.path("project").path("key").asText())) {
        return Answer.of(
            400,
            Map.of(
                "errorMessages",
                List.of(),
                "errors",
                Map.of("project", "valid project is required")));
      }
      if (f.path("summary").asText().isEmpty() || f.path("summary").asText().length() > 255) {
        return Answer.of(
            400,
            Map.of(
                "errorMessages",
                List.of(),
                "errors",
                Map.of("summary", "You must specify a summary of the issue.")));
      }
      if (!List.of("Incident", "Problem", "Change")
              .contains(f.path("issuetype").path("name").asText())
          || !f.path("description").path("type").asText().equals("doc")) {
        return Answer.of(
            400,
            Map.of(
                "errorMessages",
                List.of(),
                "errors",
                Map.of("issuetype", "valid issue type is required")));
      }
      String id = String.valueOf(10000 + issues.size());
      String key = project + "-" + (issues.size() + 1);
      Issue i = new Issue(id, key, f.path("issuetype").path("name").asText());
      f.path("labels").forEach(l -> i.labels.add(l.asText()));
      // Jira Cloud names the assignee by accountId (a name is refused).
      if (f.has("assignee") && !f.path("assignee").has("accountId")) {
        return Answer.of(
            400,
            Map.of(
                "errorMessages", List.of(), "errors", Map.of("assignee", "accountId is required")));
      }
      i.assigneeAccountId = f.path("assignee").path("accountId").asText(null);
      issues.put(key, i);
      return Answer.of(
          201, Map.of("id", id, "key", key, "self", url() + "/rest/api/3/issue/" + id));
    }
    if (method.equals("GET") && path.equals("/rest/api/3/search/jql")) {
      Matcher m = LABEL.matcher(query.getOrDefault("jql", ""));
      if (!m.find()) {
        return Answer.of(400, errors("Error in the JQL Query"));
      }
      List<Map<String, Object>> found = new ArrayList<>();
      for (Issue i : issues.values()) {
        if (i.labels.contains(m.group(1))) {
          found.add(Map.of("id", i.id, "key", i.key, "fields", Map.of("summary", "")));
        }
      }
      return Answer.of(200, Map.of("issues", found, "isLast", true));
    }
    if (method.equals("POST") && path.equals("/rest/api/3/issueLink")) {
      String in = body.path("inwardIssue").path("key").asText();
      String out = body.path("outwardIssue").path("key").asText();
      if (!issues.containsKey(in) || !issues.containsKey(out)) {
        return Answer.of(404, errors("Issue Does Not Exist"));
      }
      String link = body.path("type").path("name").asText() + ":" + in + "->" + out;
      if (!links.contains(link)) {
        links.add(link);
      }
      return Answer.of(201, null);
    }
    Matcher m = ISSUE.matcher(path);
    if (!m.matches() || !issues.containsKey(m.group(1))) {
      return Answer.of(
          404, errors("Issue does not exist or you do not have permission to see it."));
    }
    Issue i = issues.get(m.group(1));
    String sub = m.group(3);
    if (sub == null && method.equals("GET")) {
      return Answer.of(
          200,
          Map.of("id", i.id, "key", i.key, "fields", Map.of("status", Map.of("name", i.status))));
    }
    if ("comment".equals(sub) && method.equals("POST")) {
      i.comments.add(body.path("body").toString());
      return Answer.of(
          201, Map.of("id", String.valueOf(i.comments.size()), "body", body.path("body")));
    }
    if ("comment".equals(sub) && method.equals("GET")) {
      List<Map<String, Object>> cs = new ArrayList<>();
      for (int n = 0; n < i.comments.size(); n++) {
        cs.add(Map.of("id", String.valueOf(n + 1), "body", i.comments.get(n)));
      }
      return Answer.of(
          200, Map.of("comments", cs, "startAt", 0, "maxResults", 100, "total", cs.size()));
    }
    if ("transitions".equals(sub) && method.equals("GET")) {
      List<Map<String, Object>> ts = new ArrayList<>();
      if (i.status.equals("Open")) {
        ts.add(Map.of("id", "21", "name", "Resolve", "to", Map.of("name", "Resolved")));
      }
      if (!i.status.equals("Closed")) {
        ts.add(Map.of("id", "31", "name", "Close", "to", Map.of("name", "Closed")));
      }
      return Answer.of(200, Map.of("transitions", ts));
    }
    if ("transitions".equals(sub) && method.equals("POST")) {
      String id = body.path("transition").path("id").asText();
      if (id.equals("21") && i.status.equals("Open")) {
        i.status = "Resolved";
      } else if (id.equals("31") && !i.status.equals("Closed")) {
        i.status = "Closed";
      } else {
        return Answer.of(400, errors("Transition id '" + id + "' is not valid for this issue."));
      }
      return Answer.of(204, null);
    }
    return Answer.of(405, errors("method not allowed"));
  }

  @Override
  public synchronized int recordCount() {
    return issues.size();
  }

  @Override
  public synchronized int recordsFor(String key) {
    return (int) issues.values().stream().filter(i -> i.labels.contains("burnrate-" + key)).count();
  }

  @Override
  public synchronized String state(String key) {
    for (Issue i : issues.values()) {
      if (i.labels.contains("burnrate-" + key)) {
        return switch (i.status) {
          case "Open" -> "open";
          case "Resolved" -> "resolved";
          default -> "closed";
        };
      }
    }
    return null;
  }

  /** The issue of a Burnrate key. */
  public synchronized Issue issue(String key) {
    return issues.values().stream()
        .filter(i -> i.labels.contains("burnrate-" + key))
        .findFirst()
        .orElse(null);
  }
}
