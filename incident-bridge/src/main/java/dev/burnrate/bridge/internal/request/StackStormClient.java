package dev.burnrate.bridge.internal.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.stackstorm.StackStormApi;
import dev.burnrate.bridge.internal.connector.stackstorm.StackStormConnector;
import dev.burnrate.bridge.internal.record.Json;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs StackStorm actions through its executions API: {@code POST /api/v1/executions} starts one,
 * {@code GET /api/v1/executions/{id}} reads its status; through the connector's {@link
 * StackStormApi}, which authenticates with {@code St2-Api-Key}.
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

  private final Http http;

  StackStormClient(HttpClient http, Duration timeout) {
    this.http = new Http(http, timeout);
  }

  /** Starts the action with {@code parameters}. */
  Execution start(Fulfilment.StackStorm st, ObjectNode parameters)
      throws St2Exception, InterruptedException {
    ObjectNode body = Json.object();
    body.put("action", st.action());
    body.set("parameters", parameters);
    return execution(body(api(st).post("/api/v1/executions", null, body, Instant.now())));
  }

  /** The execution's status now. */
  Execution get(Fulfilment.StackStorm st, String id) throws St2Exception, InterruptedException {
    return execution(
        body(api(st).get("/api/v1/executions/" + StackStormApi.enc(id), Instant.now())));
  }

  private StackStormApi api(Fulfilment.StackStorm st) {
    return new StackStormApi(st.url(), st.apiKey().reveal(), http);
  }

  /** The JSON object of a successful answer; a refusal or no answer is an {@link St2Exception}. */
  private static JsonNode body(Http.Result r) throws St2Exception {
    if (r.response() == null) {
      throw new St2Exception(0, "no answer from StackStorm (" + r.failure() + ")");
    }
    if (r.status() / 100 != 2) {
      String fault = StackStormApi.faultstring(r.body());
      throw new St2Exception(
          r.status(), "StackStorm answered " + r.status() + (fault == null ? "" : ": " + fault));
    }
    JsonNode body;
    try {
      body = Json.read(r.body());
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      throw new St2Exception(r.status(), "StackStorm answered a body that is not JSON");
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
