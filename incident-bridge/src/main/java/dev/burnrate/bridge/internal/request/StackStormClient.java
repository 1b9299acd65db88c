package dev.burnrate.bridge.internal.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.connector.stackstorm.StackStormConnector;
import dev.burnrate.bridge.internal.record.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Runs StackStorm actions through its executions API: {@code POST /api/v1/executions} starts one,
 * {@code GET /api/v1/executions/{id}} reads its status; both authenticate with {@code St2-Api-Key}.
 */
final class StackStormClient {
  /**
   * One execution as StackStorm reports it.
   *
   * @param id its id
   * @param status such as requested, running, succeeded, failed
   * @param result the action's result, or null while it runs
   */
  record Execution(String id, String status, JsonNode result) {
    boolean finished() {
      return StackStormConnector.DONE.contains(status);
    }

    boolean succeeded() {
      return status.equals("succeeded");
    }
  }

  /** StackStorm refused a call; {@code status} is the HTTP status, 0 when it was not reached. */
  static final class St2Exception extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    St2Exception(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private final HttpClient http;
  private final Duration timeout;

  StackStormClient(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /** Starts the action with {@code parameters}. */
  Execution start(Fulfilment.StackStorm st, ObjectNode parameters)
      throws St2Exception, InterruptedException {
    ObjectNode body = Json.object();
    body.put("action", st.action());
    body.set("parameters", parameters);
    HttpRequest req =
        request(st, "/api/v1/executions")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
            .build();
    return execution(send(req));
  }

  /** The execution's status now. */
  Execution get(Fulfilment.StackStorm st, String id) throws St2Exception, InterruptedException {
    HttpRequest req =
        request(st, "/api/v1/executions/" + URLEncoder.encode(id, StandardCharsets.UTF_8))
            .GET()
            .build();
    return execution(send(req));
  }

  private HttpRequest.Builder request(Fulfilment.StackStorm st, String path) {
    String base = st.url().toString().replaceAll("/+$", "");
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(timeout)
        .header("Accept", "application/json")
        .header("User-Agent", "Burnrate")
        .header("St2-Api-Key", st.apiKey().reveal());
  }

  private JsonNode send(HttpRequest req) throws St2Exception, InterruptedException {
    HttpResponse<String> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new St2Exception(0, "no answer from StackStorm (" + e + ")");
    }
    JsonNode body;
    try {
      body = Json.read(r.body());
    } catch (RuntimeException e) {
      body = null;
    }
    if (r.statusCode() / 100 != 2) {
      String fault = body == null ? "" : body.path("faultstring").asText("");
      throw new St2Exception(
          r.statusCode(),
          "StackStorm answered " + r.statusCode() + (fault.isEmpty() ? "" : ": " + fault));
    }
    if (body == null || !body.isObject()) {
      throw new St2Exception(r.statusCode(), "StackStorm answered a body that is not JSON");
    }
    return body;
  }

  private static Execution execution(JsonNode b) throws St2Exception {
    String id = b.path("id").asText("");
    String status = b.path("status").asText("");
    if (id.isEmpty() || status.isEmpty()) {
      throw new St2Exception(200, "StackStorm's execution has no id or status");
    }
    JsonNode result = b.get("result");
    return new Execution(id, status, result == null || result.isNull() ? null : result);
  }
}
