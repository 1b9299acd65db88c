package dev.burnrate.bridge.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * StackStorm's executions API as documented: {@code POST /api/v1/executions} with {@code {"action":
 * "pack.name", "parameters": {...}}} answers 201 with the new execution (status {@code requested});
 * {@code GET /api/v1/executions/{id}} answers its status as it moves through scheduled and running
 * to a final status (succeeded, failed, timeout, canceled, abandoned) with the action's {@code
 * result}. Both take the {@code St2-Api-Key} header; errors carry {@code faultstring}.
 */
public final class StackStormActionsFake extends FakeItsm {
  private final String apiKey;
  private final Map<String, Script> actions = new LinkedHashMap<>();

  /** The executions started, by id, in order. */
  public final Map<String, ObjectNode> executions = new LinkedHashMap<>();

  /** The bodies of every execution started, in order. */
  public final List<JsonNode> started = new ArrayList<>();

  private final Map<String, Integer> reads = new LinkedHashMap<>();
  private int next = 1;

  /** How an action behaves: reads of its execution before it is final, then its final status. */
  private record Script(int readsBeforeDone, String finalStatus, JsonNode result) {}

  public StackStormActionsFake(String apiKey) {
    this.apiKey = apiKey;
  }

  /**
   * Registers an action: its execution is {@code running} for {@code readsBeforeDone} reads, then
   * ends in {@code finalStatus} with {@code result}.
   */
  public synchronized void action(
      String ref, int readsBeforeDone, String finalStatus, JsonNode result) {
    actions.put(ref, new Script(readsBeforeDone, finalStatus, result));
  }

  @Override
  protected synchronized Answer handle(
      String method, String path, Map<String, String> query, JsonNode body, HttpExchange ex) {
    String key = ex.getRequestHeaders().getFirst("St2-Api-Key");
    if (key == null || !key.equals(apiKey)) {
      return Answer.of(
          401, Map.of("faultstring", "Unauthorized - ApiKey with key_hash not found."));
    }
    if (method.equals("POST") && path.equals("/api/v1/executions")) {
      String ref = body == null ? "" : body.path("action").asText("");
      if (!actions.containsKey(ref)) {
        return Answer.of(400, Map.of("faultstring", "Action \"" + ref + "\" cannot be found."));
      }
      JsonNode params = body.path("parameters");
      if (!params.isMissingNode() && !params.isObject()) {
        return Answer.of(400, Map.of("faultstring", "parameters must be an object"));
      }
      String id = String.format("%024x", 0x5f0000000000L + next++);
      ObjectNode e = JSON.createObjectNode();
      e.put("id", id);
      e.putObject("action").put("ref", ref);
      e.set("parameters", params.isMissingNode() ? JSON.createObjectNode() : params);
      e.put("status", "requested");
      e.put("start_timestamp", "2026-01-05T09:00:00.000000Z");
      e.putObject("context").put("user", "burnrate");
      executions.put(id, e);
      reads.put(id, 0);
      started.add(body);
      return Answer.of(201, e);
    }
    if (method.equals("GET") && path.startsWith("/api/v1/executions/")) {
      String id = path.substring("/api/v1/executions/".length());
      ObjectNode e = executions.get(id);
      if (e == null) {
        return Answer.of(
            404, Map.of("faultstring", "Resource with a reference or id \"" + id + "\" not found"));
      }
      int n = reads.merge(id, 1, Integer::sum);
      Script s = actions.get(e.path("action").path("ref").asText());
      if (n > s.readsBeforeDone()) {
        e.put("status", s.finalStatus());
        e.set("result", s.result());
        e.put("end_timestamp", "2026-01-05T09:00:05.000000Z");
      } else {
        e.put("status", n == 1 ? "scheduled" : "running");
      }
      return Answer.of(200, e);
    }
    return Answer.of(404, Map.of("faultstring", "The resource could not be found."));
  }

  @Override
  public synchronized int recordCount() {
    return executions.size();
  }

  @Override
  public synchronized String state(String executionId) {
    ObjectNode e = executions.get(executionId);
    return e == null ? null : e.path("status").asText();
  }

  @Override
  public synchronized int recordsFor(String executionId) {
    return executions.containsKey(executionId) ? 1 : 0;
  }
}
