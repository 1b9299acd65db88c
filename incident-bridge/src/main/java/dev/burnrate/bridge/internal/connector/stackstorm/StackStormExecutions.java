package dev.burnrate.bridge.internal.connector.stackstorm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.bridge.Secret;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.record.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Runs StackStorm actions through its executions API, for the request catalog's fulfilment: {@code
 * POST /api/v1/executions} starts one, {@code GET /api/v1/executions/{id}} reads its status;
 * through {@link StackStormApi}, which authenticates with {@code St2-Api-Key}. StackStorm's bodies
 * are read here, and what the caller gets are records.
 */
public final class StackStormExecutions {
  /**
   * One execution as StackStorm reports it.
   *
   * @param id its id
   * @param status such as requested, running, succeeded, failed
   * @param result the action's result as JSON binding gives it (maps, lists, scalars), or null
   *     while it runs
   */
  public record Execution(String id, String status, Object result) {
    /** Whether StackStorm will not change its status any more. */
    public boolean finished() {
      return StackStormConnector.DONE.contains(status);
    }

    /** Whether it ended well. */
    public boolean succeeded() {
      return status.equals("succeeded");
    }
  }

  /** StackStorm refused a call; {@code status} is the HTTP status, 0 when it was not reached. */
  public static final class St2Exception extends Exception {
    private static final long serialVersionUID = 1L;

    /** The HTTP status of the refusal; 0 when StackStorm did not answer. */
    public final int status;

    St2Exception(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** The body that starts an execution. */
  private record Start(String action, Map<String, Object> parameters) {}

  private final Http http;

  /** Executions over an HTTP client, each call waiting at most {@code timeout}. */
  public StackStormExecutions(HttpClient http, Duration timeout) {
    this.http = new Http(http, timeout);
  }

  /** Starts {@code action} with {@code parameters} on the StackStorm at {@code url}. */
  public Execution start(URI url, Secret apiKey, String action, Map<String, Object> parameters)
      throws St2Exception, InterruptedException {
    return execution(
        body(
            api(url, apiKey)
                .post("/api/v1/executions", null, new Start(action, parameters), Instant.now())));
  }

  /** The execution's status now. */
  public Execution get(URI url, Secret apiKey, String id)
      throws St2Exception, InterruptedException {
    return execution(
        body(api(url, apiKey).get("/api/v1/executions/" + StackStormApi.enc(id), Instant.now())));
  }

  private StackStormApi api(URI url, Secret apiKey) {
    return new StackStormApi(url, apiKey.reveal(), http);
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
      body = ToolJson.read(r.body());
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
    if (result == null || result.isNull()) {
      return new Execution(id, status, null);
    }
    try {
      return new Execution(id, status, Json.MAPPER.treeToValue(result, Object.class));
    } catch (JsonProcessingException e) {
      // A parsed tree always binds to maps, lists and scalars.
      throw new IllegalStateException(e);
    }
  }
}
