package dev.burnrate.bridge.internal.connector.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.internal.connector.Connector;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.ExternalRef;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.outbox.Snapshot.LinkLine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Jira Service Management (Jira Cloud REST API v3): an issue per record, issue links between
 * problems and incidents, a comment per timeline event, and workflow transitions on resolve and
 * close.
 *
 * <p>Jira has no idempotency key for creating issues, so every issue carries the label {@code
 * burnrate-<KEY>}. When an earlier attempt may have created the issue (timeout, crash, 5xx), the
 * connector first waits {@code inDoubtDelay} after that attempt (Jira's search index lags behind
 * writes), then searches for the label, and creates the issue only when the search finds none.
 * Comments carry a marker {@code [burnrate-event-<id>]} and are looked for the same way.
 *
 * <p>Every description also carries the marker {@code [burnrate-<KEY>]}, and the in-doubt search
 * looks for the label or a text match on it: when the create screen has no labels field (Jira
 * answers 400 "cannot be set"), issues are created without labels and found by the marker.
 *
 * <p>In a Service Management project ({@code serviceDesk: auto} reads the project's type) comments
 * through the platform API are public to customers, so timeline lines go through the request API as
 * internal comments ({@code public: false}). With {@code requestType}, incidents are created as
 * customer requests of that type so that portal and SLA rules apply. {@code resolution} names the
 * resolution the resolve transition sets.
 */
public final class JiraConnector implements Connector {
  private final ConnectorSettings settings;
  private final JiraApi api;
  private final JiraBodies bodies;
  private final Duration inDoubtDelay;

  /** Whether the project is a Service Management one, once known. */
  private volatile Boolean serviceDesk;

  /** The service desk's id, for creating requests, once known. */
  private volatile String serviceDeskId;

  /** False once Jira said the create screen has no labels field. */
  private volatile boolean labelsOnScreen = true;

  public JiraConnector(ConnectorSettings settings, Http http, Duration inDoubtDelay) {
    this.settings = settings;
    this.bodies = new JiraBodies(settings);
    this.api =
        new JiraApi(
            settings.url(),
            http,
            Http.basic(settings.option("user", ""), settings.secrets().get("token").reveal()));
    this.inDoubtDelay = inDoubtDelay;
    String sd = settings.option("serviceDesk", "auto");
    this.serviceDesk = sd.equals("auto") ? null : Boolean.valueOf(sd);
    this.serviceDeskId = settings.options().get("serviceDeskId");
  }

  /** The marker in the description of every issue, found by a text search when labels are off. */
  static String marker(String recordKey) {
    return "[" + label(recordKey) + "]";
  }

  @Override
  public String name() {
    return settings.name();
  }

  static String label(String recordKey) {
    return "burnrate-" + recordKey;
  }

  @Override
  public Outcome deliver(Delivery d) throws InterruptedException {
    Optional<ExternalRef> ref = d.refs().find(d.key());
    boolean created = false;
    if (ref.isEmpty()) {
      if (d.inDoubt() && d.previousAttemptAt() != null) {
        Optional<Outcome> wait =
            d.awaitSearch(
                inDoubtDelay,
                "an earlier attempt may have created the issue; searching after Jira's index catches up");
        if (wait.isPresent()) {
          return wait.get();
        }
        // By label, or by the description's marker for issues created without labels (a create
        // screen without them, or a Service Management request).
        Http.Result s =
            api.get(
                "/rest/api/3/search/jql?jql="
                    + JiraApi.enc(
                        "labels = \""
                            + label(d.key())
                            + "\" OR description ~ \"\\\""
                            + label(d.key())
                            + "\\\"\"")
                    + "&fields=summary,labels,description&maxResults=20",
                d.now());
        if (!s.ok()) {
          return s.failure();
        }
        for (JsonNode i : ToolJson.read(s.body()).path("issues")) {
          // A text search matches words, not the exact marker: check each hit.
          boolean labelled = false;
          for (JsonNode l : i.path("fields").path("labels")) {
            labelled |= l.asText().equals(label(d.key()));
          }
          if (labelled
              || i.path("fields").path("description").toString().contains(marker(d.key()))) {
            ref = Optional.of(d.store(refOf(i)));
            break;
          }
        }
      }
      if (ref.isEmpty()) {
        Outcome known = knowServiceDesk(d.now());
        if (known != null) {
          return known;
        }
        Optional<ExternalRef> made = Optional.empty();
        Outcome failed = null;
        String requestType = settings.options().get("requestType");
        if (requestType != null && d.kind().equals("incident")) {
          Http.Result r =
              api.post(
                  "/rest/servicedeskapi/request",
                  bodies.requestBody(d, requestType, serviceDeskId),
                  d.now());
          if (r.ok()) {
            JsonNode b = ToolJson.read(r.body());
            made = Optional.of(refOf(b.path("issueKey").asText(), b.path("issueId").asText()));
          } else {
            failed = r.failure();
          }
        } else {
          Http.Result r =
              api.post("/rest/api/3/issue", bodies.createBody(d, labelsOnScreen), d.now());
          if (!r.ok() && labelsOnScreen && JiraApi.labelsNotOnScreen(r)) {
            labelsOnScreen = false;
            r = api.post("/rest/api/3/issue", bodies.createBody(d, false), d.now());
          }
          if (r.ok()) {
            made = Optional.of(refOf(ToolJson.read(r.body())));
          } else {
            failed = r.failure();
          }
        }
        if (made.isEmpty()) {
          return failed;
        }
        ref = Optional.of(d.store(made.get()));
        created = true;
      }
    }
    String issue = ref.get().externalKey();
    if (d.relinks(created)) {
      Outcome linked = linkRelated(d, issue);
      if (linked != null) {
        return linked;
      }
    }
    if (!created) {
      Outcome c = comment(d, issue);
      if (c != null) {
        return c;
      }
    }
    if (!created && d.event().equals("assigned")) {
      Outcome a = assign(d, issue);
      if (a != null) {
        return a;
      }
    }
    if (d.event().equals("resolved")
        || d.event().equals("closed")
        || (created && d.record().resolved())) {
      boolean closing = d.record().closed();
      String target =
          closing
              ? settings.option("closeTransition", "Closed")
              : settings.option("resolveTransition", "Resolved");
      return api.transition(
          d, issue, target, closing ? null : settings.options().get("resolution"));
    }
    return new Outcome.Delivered();
  }

  /**
   * A reassignment: {@code PUT /rest/api/3/issue/{key}/assignee} with the new assignee's account
   * id; a reassignment to a group alone leaves the issue's assignee as it is.
   */
  private Outcome assign(Delivery d, String issue) throws InterruptedException {
    String assignee = d.record().assignee();
    if (assignee.isEmpty()) {
      return null;
    }
    ObjectNode body = ToolJson.object();
    body.put("accountId", assignee);
    Http.Result r = api.put("/rest/api/3/issue/" + JiraApi.enc(issue) + "/assignee", body, d.now());
    return r.ok() ? null : r.failure();
  }

  private ExternalRef refOf(JsonNode issue) {
    return refOf(issue.path("key").asText(), issue.path("id").asText(null));
  }

  private ExternalRef refOf(String key, String id) {
    return new ExternalRef(
        id == null || id.isEmpty() ? key : id, key, api.uri("/browse/" + key).toString());
  }

  /**
   * Learns whether the project is a Service Management one (from its {@code projectTypeKey}, unless
   * {@code serviceDesk} says), and the service desk's id when requests are created; null when
   * known.
   */
  private Outcome knowServiceDesk(Instant now) throws InterruptedException {
    if (serviceDesk == null) {
      Http.Result p =
          api.get("/rest/api/3/project/" + JiraApi.enc(settings.option("project", "")), now);
      if (!p.ok()) {
        return p.failure();
      }
      serviceDesk = ToolJson.read(p.body()).path("projectTypeKey").asText().equals("service_desk");
    }
    if (serviceDeskId == null && settings.options().containsKey("requestType")) {
      Http.Result r = api.get("/rest/servicedeskapi/servicedesk?limit=100", now);
      if (!r.ok()) {
        return r.failure();
      }
      for (JsonNode sd : ToolJson.read(r.body()).path("values")) {
        if (sd.path("projectKey").asText().equals(settings.option("project", ""))) {
          serviceDeskId = sd.path("id").asText();
        }
      }
      if (serviceDeskId == null) {
        return new Outcome.Rejected(
            "project "
                + settings.option("project", "")
                + " is not a Service Management service desk");
      }
    }
    return null;
  }

  /**
   * Links the record's issue to the issues of the records it is linked to (problem, suspected
   * cause, related), once both exist; each pair is linked in one canonical direction (incident,
   * then problem, then change), so the side that arrives second makes the link and a retry repeats
   * the same one.
   */
  private Outcome linkRelated(Delivery d, String issue) throws InterruptedException {
    java.util.Set<String> others = new java.util.LinkedHashSet<>();
    for (LinkLine l : d.record().links()) {
      if (JiraBodies.KEY.matcher(l.key()).matches()) {
        others.add(l.key());
      }
    }
    others.addAll(d.record().incidents());
    for (String other : others) {
      Optional<ExternalRef> o = d.refs().find(other);
      if (o.isEmpty()) {
        continue; // linked when the other record reaches Jira
      }
      boolean first = JiraBodies.compareKeys(d.key(), other) < 0;
      ObjectNode body = ToolJson.object();
      body.putObject("type").put("name", settings.option("linkType", "Relates"));
      body.putObject("inwardIssue").put("key", first ? issue : o.get().externalKey());
      body.putObject("outwardIssue").put("key", first ? o.get().externalKey() : issue);
      Http.Result r = api.post("/rest/api/3/issueLink", body, d.now());
      if (!r.ok()) {
        return r.failure();
      }
    }
    return null;
  }

  private Outcome comment(Delivery d, String issue) throws InterruptedException {
    String marker = d.eventMarker();
    Outcome known = knowServiceDesk(d.now());
    if (known != null) {
      return known;
    }
    if (serviceDesk) {
      return internalComment(d, issue, marker);
    }
    if (d.inDoubt()) {
      Http.Result existing =
          api.get(
              "/rest/api/3/issue/"
                  + JiraApi.enc(issue)
                  + "/comment?orderBy=-created&maxResults=100",
              d.now());
      if (!existing.ok()) {
        return existing.failure();
      }
      if (existing.body().contains(marker)) {
        return null;
      }
    }
    ObjectNode body = ToolJson.object();
    body.set("body", JiraBodies.adf(List.of(d.message() + " " + marker)));
    Http.Result r = api.post("/rest/api/3/issue/" + JiraApi.enc(issue) + "/comment", body, d.now());
    return r.ok() ? null : r.failure();
  }

  /**
   * In a Service Management project a comment through the platform API is public and reaches the
   * customer; the request API's {@code public: false} keeps a timeline line internal to agents.
   */
  private Outcome internalComment(Delivery d, String issue, String marker)
      throws InterruptedException {
    String path = "/rest/servicedeskapi/request/" + JiraApi.enc(issue) + "/comment";
    String platform = "/rest/api/3/issue/" + JiraApi.enc(issue) + "/comment";
    if (d.inDoubt()) {
      Http.Result existing =
          api.get(path + "?public=false&internal=true&start=0&limit=100", d.now());
      if (JiraApi.notARequest(existing)) {
        existing = api.get(platform + "?orderBy=-created&maxResults=100", d.now());
      }
      if (!existing.ok()) {
        return existing.failure();
      }
      if (existing.body().contains(marker)) {
        return null;
      }
    }
    ObjectNode body = ToolJson.object();
    body.put("body", d.message() + " " + marker);
    body.put("public", false);
    Http.Result r = api.post(path, body, d.now());
    if (JiraApi.notARequest(r)) {
      // An issue created without a request type is no customer request: the platform API's
      // comment, marked internal through the sd.public.comment property, is the agents-only one.
      ObjectNode c = ToolJson.object();
      c.set("body", JiraBodies.adf(List.of(d.message() + " " + marker)));
      ObjectNode prop = c.putArray("properties").addObject();
      prop.put("key", "sd.public.comment");
      prop.putObject("value").put("internal", true);
      r = api.post(platform, c, d.now());
    }
    return r.ok() ? null : r.failure();
  }
}
