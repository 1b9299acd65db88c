package dev.burnrate.bridge.internal.connector.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.ToolJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Jira's HTTP side: basic authentication with an API token, what a refusal says (labels not on the
 * screen, no customer request), and the walk of an issue's workflow to a status.
 */
record JiraApi(URI base, Http http, String auth) {
  URI uri(String path) {
    return Http.under(base, path);
  }

  private HttpRequest.Builder req(String path) {
    return http.request(uri(path)).header("Authorization", auth);
  }

  Http.Result post(String path, JsonNode body, Instant now) throws InterruptedException {
    return write("POST", path, body, now);
  }

  private Http.Result write(String method, String path, JsonNode body, Instant now)
      throws InterruptedException {
    return http.send(Http.json(req(path), method, body), now);
  }

  Http.Result get(String path, Instant now) throws InterruptedException {
    return http.send(req(path).GET().build(), now);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Puts JSON. */
  Http.Result put(String path, JsonNode body, Instant now) throws InterruptedException {
    return write("PUT", path, body, now);
  }

  /**
   * Whether Jira refused a create because the labels field is not on the project's create screen:
   * {@code errors.labels} "Field 'labels' cannot be set. It is not on the appropriate screen, or
   * unknown."
   */
  static boolean labelsNotOnScreen(Http.Result r) {
    if (r.response() == null || r.status() != 400) {
      return false;
    }
    try {
      return ToolJson.read(r.body())
          .path("errors")
          .path("labels")
          .asText()
          .contains("cannot be set");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether Jira answered that the issue is no customer request (404). */
  static boolean notARequest(Http.Result r) {
    return r.response() != null && r.status() == 404;
  }

  /** Moves an issue to a status by name, through the transition that leads there. */
  Outcome transition(Delivery d, String issue, String target, String resolution)
      throws InterruptedException {
    Http.Result list = get("/rest/api/3/issue/" + enc(issue) + "/transitions", d.now());
    if (!list.ok()) {
      return list.failure();
    }
    for (JsonNode t : ToolJson.read(list.body()).path("transitions")) {
      if (t.path("name").asText().equalsIgnoreCase(target)
          || t.path("to").path("name").asText().equalsIgnoreCase(target)) {
        ObjectNode body = ToolJson.object();
        body.putObject("transition").put("id", t.path("id").asText());
        if (resolution != null) {
          body.putObject("fields").putObject("resolution").put("name", resolution);
        }
        Http.Result r = post("/rest/api/3/issue/" + enc(issue) + "/transitions", body, d.now());
        return r.ok() ? new Outcome.Delivered() : r.failure();
      }
    }
    Http.Result current = get("/rest/api/3/issue/" + enc(issue) + "?fields=status", d.now());
    if (!current.ok()) {
      return current.failure();
    }
    String status =
        ToolJson.read(current.body()).path("fields").path("status").path("name").asText();
    if (status.equalsIgnoreCase(target)) {
      return new Outcome.Delivered(); // an earlier attempt already moved it
    }
    return new Outcome.Rejected(
        "issue " + issue + " in status '" + status + "' has no transition to '" + target + "'");
  }
}
