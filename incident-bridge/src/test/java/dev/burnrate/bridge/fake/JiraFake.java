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
 * Jira Cloud REST API v3 as the bridge uses it: create issue, JQL search by label or by a phrase in
 * the description, issue links, comments, the project, and a workflow Open -> Resolved -> Closed
 * through transitions (with an optional resolution on the transition's screen). Basic auth with an
 * email and an API token.
 *
 * <p>As a Service Management project ({@link #serviceDesk}): comments through the platform API are
 * public to customers unless their {@code sd.public.comment} property says internal; the request
 * API ({@code /rest/servicedeskapi}) lists the service desk, creates customer requests of a request
 * type, and writes public or internal comments on them (an issue without a request type is no
 * customer request: 404). {@link #labelsOnScreen} off makes a create with labels a 400, as when the
 * field is not on the create screen.
 */
public final class JiraFake extends FakeItsm {
  private static final Pattern LABEL = Pattern.compile("labels\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern PHRASE =
      Pattern.compile("description\\s*~\\s*\"\\\\\"([^\"\\\\]+)\\\\\"\"");
  private static final Pattern ISSUE =
      Pattern.compile("/rest/api/3/issue/([A-Z]+-[0-9]+)(/(comment|transitions|assignee))?");
  private static final Pattern REQUEST_COMMENT =
      Pattern.compile("/rest/servicedeskapi/request/([A-Z]+-[0-9]+)/comment");

  private final String user;
  private final String token;
  private final String project;

  /** Whether the project is a Service Management (service_desk) one. */
  public volatile boolean serviceDesk;

  /** Whether the create screen has the labels field. */
  public volatile boolean labelsOnScreen = true;

  /** The service desk's id and its request types (id to issue type). */
  public final String serviceDeskId = "7";

  public final Map<String, String> requestTypes = Map.of("25", "Incident");

  /** The resolutions the resolve transition's screen offers. */
  public final List<String> resolutions = List.of("Done", "Fixed", "Won't Do");

  /** One issue. */
  public static final class Issue {
    public final String id;
    public final String key;
    public final String type;
    public final List<String> labels = new ArrayList<>();
    public String status = "Open";
    public final List<String> comments = new ArrayList<>();
    public String assigneeAccountId;

    /** How many times the assignee was set through {@code PUT .../assignee}. */
    public int assignments;

    /** Whether each comment is visible to customers (in a Service Management project). */
    public final List<Boolean> commentPublic = new ArrayList<>();

    public String description = "";
    public JsonNode descriptionNode;
    public String requestType;
    public String resolution;

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
      if (f.has("labels") && !labelsOnScreen) {
        return Answer.of(
            400,
            Map.of(
                "errorMessages",
                List.of(),
                "errors",
                Map.of(
                    "labels",
                    "Field 'labels' cannot be set. It is not on the appropriate screen, or"
                        + " unknown.")));
      }
      // Jira Cloud names the assignee by accountId (a name is refused).
      if (f.has("assignee") && !f.path("assignee").has("accountId")) {
        return Answer.of(
            400,
            Map.of(
                "errorMessages", List.of(), "errors", Map.of("assignee", "accountId is required")));
      }
      Issue i = newIssue(f.path("issuetype").path("name").asText());
      f.path("labels").forEach(l -> i.labels.add(l.asText()));
      i.description = f.path("description").toString();
      i.descriptionNode = f.path("description");
      i.assigneeAccountId = f.path("assignee").path("accountId").asText(null);
      return Answer.of(
          201, Map.of("id", i.id, "key", i.key, "self", url() + "/rest/api/3/issue/" + i.id));
    }
    if (method.equals("GET") && path.equals("/rest/api/3/project/" + project)) {
      return Answer.of(
          200,
          Map.of(
              "id",
              "10000",
              "key",
              project,
              "projectTypeKey",
              serviceDesk ? "service_desk" : "software"));
    }
    if (path.startsWith("/rest/servicedeskapi/")) {
      return serviceDesk(method, path, query, body);
    }
    if (method.equals("GET") && path.equals("/rest/api/3/search/jql")) {
      String jql = query.getOrDefault("jql", "");
      Matcher m = LABEL.matcher(jql);
      Matcher p = PHRASE.matcher(jql);
      String label = m.find() ? m.group(1) : null;
      String phrase = p.find() ? p.group(1) : null;
      if (label == null && phrase == null) {
        return Answer.of(400, errors("Error in the JQL Query"));
      }
      List<Map<String, Object>> found = new ArrayList<>();
      for (Issue i : issues.values()) {
        if ((label != null && i.labels.contains(label))
            || (phrase != null && words(i.description).contains(words(phrase)))) {
          found.add(
              Map.of(
                  "id",
                  i.id,
                  "key",
                  i.key,
                  "fields",
                  Map.of(
                      "summary",
                      "",
                      "labels",
                      i.labels,
                      "description",
                      i.descriptionNode != null ? i.descriptionNode : i.description)));
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
      boolean internal = false;
      for (JsonNode prop : body.path("properties")) {
        internal |=
            prop.path("key").asText().equals("sd.public.comment")
                && prop.path("value").path("internal").asBoolean();
      }
      i.comments.add(body.path("body").toString());
      i.commentPublic.add(!internal);
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
    if ("assignee".equals(sub) && method.equals("PUT")) {
      // Jira Cloud: {"accountId": id}; "-1" is the project's default assignee, null unassigns.
      if (body == null || !body.has("accountId") || body.has("name")) {
        return Answer.of(
            400,
            Map.of(
                "errorMessages",
                List.of(),
                "errors",
                Map.of("accountId", "accountId is required")));
      }
      JsonNode a = body.path("accountId");
      i.assigneeAccountId = a.isNull() ? null : a.asText();
      i.assignments++;
      return Answer.of(204, null);
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
      JsonNode res = body.path("fields").path("resolution");
      if (!res.isMissingNode()) {
        if (!id.equals("21") || !resolutions.contains(res.path("name").asText())) {
          return Answer.of(
              400,
              Map.of(
                  "errorMessages",
                  List.of(),
                  "errors",
                  Map.of(
                      "resolution",
                      "Field 'resolution' cannot be set. It is not on the appropriate screen, or"
                          + " unknown.")));
        }
        i.resolution = res.path("name").asText();
      }
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

  private Issue newIssue(String type) {
    String id = String.valueOf(10000 + issues.size());
    String key = project + "-" + (issues.size() + 1);
    Issue i = new Issue(id, key, type);
    issues.put(key, i);
    return i;
  }

  /** The words of a text, as a text search tokenises it. */
  private static String words(String text) {
    return " "
        + String.join(" ", text.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9]+"))
        + " ";
  }

  private static Answer sdError(int status, String message) {
    return Answer.of(status, Map.of("errorMessage", message, "i18nErrorMessage", Map.of()));
  }

  private Answer serviceDesk(String method, String path, Map<String, String> query, JsonNode body) {
    if (!serviceDesk) {
      return sdError(404, "The service desk does not exist.");
    }
    if (method.equals("GET") && path.equals("/rest/servicedeskapi/servicedesk")) {
      return Answer.of(
          200,
          Map.of(
              "values",
              List.of(Map.of("id", serviceDeskId, "projectId", "10000", "projectKey", project)),
              "isLastPage",
              true));
    }
    if (method.equals("POST") && path.equals("/rest/servicedeskapi/request")) {
      if (!serviceDeskId.equals(body.path("serviceDeskId").asText())) {
        return sdError(404, "The service desk does not exist.");
      }
      String type = requestTypes.get(body.path("requestTypeId").asText());
      if (type == null) {
        return sdError(400, "The request type does not exist.");
      }
      JsonNode v = body.path("requestFieldValues");
      if (v.path("summary").asText().isEmpty() || !v.path("description").isTextual()) {
        return sdError(400, "Summary is required.");
      }
      Issue i = newIssue(type);
      i.requestType = body.path("requestTypeId").asText();
      i.description = v.path("description").asText();
      return Answer.of(
          201,
          Map.of(
              "issueId",
              i.id,
              "issueKey",
              i.key,
              "requestTypeId",
              i.requestType,
              "serviceDeskId",
              serviceDeskId));
    }
    Matcher m = REQUEST_COMMENT.matcher(path);
    Issue i = m.matches() ? issues.get(m.group(1)) : null;
    if (i == null || i.requestType == null) {
      return sdError(404, "The request does not exist or you do not have access to it.");
    }
    if (method.equals("POST")) {
      if (!body.path("body").isTextual() || !body.has("public")) {
        return sdError(400, "The comment body is required.");
      }
      i.comments.add(body.path("body").asText());
      i.commentPublic.add(body.path("public").asBoolean());
      return Answer.of(
          201,
          Map.of(
              "id",
              String.valueOf(i.comments.size()),
              "body",
              body.path("body").asText(),
              "public",
              body.path("public").asBoolean()));
    }
    if (method.equals("GET")) {
      boolean pub = !query.getOrDefault("public", "true").equals("false");
      boolean internal = !query.getOrDefault("internal", "true").equals("false");
      List<Map<String, Object>> cs = new ArrayList<>();
      for (int n = 0; n < i.comments.size(); n++) {
        boolean isPublic = i.commentPublic.get(n);
        if (isPublic ? pub : internal) {
          cs.add(
              Map.of("id", String.valueOf(n + 1), "body", i.comments.get(n), "public", isPublic));
        }
      }
      return Answer.of(200, Map.of("values", cs, "isLastPage", true, "size", cs.size()));
    }
    return sdError(405, "method not allowed");
  }

  private static boolean belongs(Issue i, String key) {
    return i.labels.contains("burnrate-" + key) || i.description.contains("[burnrate-" + key + "]");
  }

  @Override
  public synchronized int recordCount() {
    return issues.size();
  }

  @Override
  public synchronized int recordsFor(String key) {
    return (int) issues.values().stream().filter(i -> belongs(i, key)).count();
  }

  @Override
  public synchronized String state(String key) {
    for (Issue i : issues.values()) {
      if (belongs(i, key)) {
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
    return issues.values().stream().filter(i -> belongs(i, key)).findFirst().orElse(null);
  }
}
