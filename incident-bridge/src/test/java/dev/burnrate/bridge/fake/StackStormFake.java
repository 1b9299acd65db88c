package dev.burnrate.bridge.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * StackStorm's API (st2api behind its nginx {@code /api} prefix) as the bridge uses it: custom
 * webhooks ({@code POST /api/v1/webhooks/{url}}, 202 with the payload echoed, one TriggerInstance
 * per POST), executions ({@code POST /api/v1/executions}, 201, then {@code GET
 * /api/v1/executions/{id}} moving through the statuses scripted per action, one step per poll) and
 * traces ({@code GET /api/v1/traces?trace_tag=}), each trace gathering the trigger instances and
 * executions carrying its tag ({@code St2-Trace-Tag} on a webhook, {@code
 * context.trace_context.trace_tag} on an execution). Auth by {@code St2-Api-Key}; errors as {@code
 * {"faultstring": ...}}.
 *
 * <p>StackStorm keeps no record of Burnrate's: the "record" of a Burnrate key is the stream of
 * trigger instances about it. It exists once one was accepted, and {@link #recordsFor} counts the
 * most trigger instances sharing one trace tag, so a webhook sent twice for one event reads as a
 * duplicate record.
 */
public final class StackStormFake extends FakeItsm {
  private static final Pattern HOOK = Pattern.compile("/api/v1/webhooks/(.+)");
  private static final Pattern EXECUTION = Pattern.compile("/api/v1/executions/([^/]+)");

  private final String apiKey;
  private final String webhook;
  private final String prefix;
  private long nextId = 0x5f00;

  /** How many execution creates are done but answered too late for the client (a lost answer). */
  public volatile int loseExecutionAnswers;

  /** One POST to the webhook, as the rule's trigger sees it. */
  public record TriggerInstance(
      String id, String traceTag, JsonNode body, Map<String, String> headers) {}

  /** One execution. */
  public static final class Execution {
    public final String id;
    public final String action;
    public final JsonNode parameters;
    public final String traceTag;
    final List<String> steps;
    final JsonNode result;
    final double elapsed;
    int polls;

    Execution(
        String id,
        String action,
        JsonNode parameters,
        String traceTag,
        List<String> steps,
        JsonNode result,
        double elapsed) {
      this.id = id;
      this.action = action;
      this.parameters = parameters;
      this.traceTag = traceTag;
      this.steps = steps;
      this.result = result;
      this.elapsed = elapsed;
    }

    /** The status now: the step of the last poll. */
    public String status() {
      return polls == 0 ? "requested" : steps.get(Math.min(polls, steps.size()) - 1);
    }
  }

  private record Plan(List<String> steps, JsonNode result, double elapsed) {}

  public final List<TriggerInstance> triggers = new ArrayList<>();
  public final Map<String, Execution> executions = new LinkedHashMap<>();
  private final Map<String, Plan> plans = new HashMap<>();

  /** A StackStorm with one API key and the webhook of the admin's rule. */
  public StackStormFake(String apiKey, String webhook) {
    this(apiKey, webhook, "");
  }

  /** A StackStorm whose API lives under a path prefix, as behind a reverse proxy. */
  public StackStormFake(String apiKey, String webhook, String prefix) {
    this.apiKey = apiKey;
    this.webhook = webhook;
    this.prefix = prefix;
  }

  /**
   * Lets an action exist: each poll of one of its executions moves to the next status, the last of
   * which is final, with this result and StackStorm's elapsed seconds.
   */
  public synchronized void action(String ref, List<String> steps, JsonNode result, double elapsed) {
    plans.put(ref, new Plan(List.copyOf(steps), result, elapsed));
  }

  /** The executions of an action, in the order they were started. */
  public synchronized List<Execution> executionsOf(String action) {
    return executions.values().stream().filter(e -> e.action.equals(action)).toList();
  }

  private static Answer fault(int status, String text) {
    return Answer.of(status, Map.of("faultstring", text));
  }

  @Override
  protected Answer handle(
      String method, String path, Map<String, String> query, JsonNode body, HttpExchange ex) {
    if (!path.startsWith(prefix + "/api/v1/")) {
      return fault(404, "The resource could not be found.");
    }
    path = path.substring(prefix.length());
    String key = ex.getRequestHeaders().getFirst("St2-Api-Key");
    if (key == null) {
      return fault(401, "Unauthorized - One of Token or API key required.");
    }
    if (!key.equals(apiKey)) {
      return fault(
          401,
          "Unauthorized - ApiKey with key_hash="
              + Integer.toHexString(key.hashCode())
              + " not found.");
    }
    Matcher m = HOOK.matcher(path);
    if (method.equals("POST") && m.matches()) {
      if (!m.group(1).replaceAll("^/+|/+$", "").equals(webhook)) {
        return fault(404, "Webhook \"" + m.group(1) + "\" not found.");
      }
      if (body == null || !body.isObject()) {
        return fault(400, "Request body must be a JSON object");
      }
      String tag = ex.getRequestHeaders().getFirst("St2-Trace-Tag");
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
      triggers.add(
          new TriggerInstance(id(), tag == null ? "webhook-" + nextId : tag, body, headers));
      return Answer.of(202, body);
    }
    if (method.equals("POST") && path.equals("/api/v1/executions")) {
      String action = body == null ? "" : body.path("action").asText();
      Plan plan = plans.get(action);
      if (plan == null) {
        return fault(400, "Action \"" + action + "\" cannot be found.");
      }
      String tag = body.path("context").path("trace_context").path("trace_tag").asText(null);
      Execution e =
          new Execution(
              id(),
              action,
              body.path("parameters"),
              tag,
              plan.steps(),
              plan.result(),
              plan.elapsed());
      executions.put(e.id, e);
      if (loseExecutionAnswers > 0) {
        loseExecutionAnswers--;
        try {
          // Waiting releases the fake's lock, so the client's retry is served meanwhile.
          wait(slowMillis);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
      return Answer.of(201, view(e));
    }
    m = EXECUTION.matcher(path);
    if (method.equals("GET") && m.matches()) {
      Execution e = executions.get(m.group(1));
      if (e == null) {
        return fault(
            404,
            "Database lookup for id=\""
                + m.group(1)
                + "\" resulted in exception : Unable to find"
                + " the ActionExecutionDB instance.");
      }
      e.polls++;
      return Answer.of(200, view(e));
    }
    if (method.equals("GET") && path.equals("/api/v1/traces")) {
      return Answer.of(200, traces(query.get("trace_tag")));
    }
    return fault(404, "The resource could not be found.");
  }

  private String id() {
    return String.format("5f3a9c%018x", nextId++);
  }

  private ObjectNode view(Execution e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", e.id);
    o.put("status", e.status());
    o.putObject("action").put("ref", e.action);
    o.set("parameters", e.parameters);
    o.put("start_timestamp", "2025-01-31T12:00:00.000000Z");
    o.put("web_url", "https://st2.example/#/history/" + e.id + "/general");
    o.putObject("context").put("user", "burnrate");
    if (List.of("succeeded", "failed", "timeout", "canceled", "abandoned").contains(e.status())) {
      o.put("elapsed_seconds", e.elapsed);
      o.put(
          "end_timestamp",
          Instant.parse("2025-01-31T12:00:00Z").plusMillis((long) (e.elapsed * 1000)).toString());
      o.set("result", e.result);
    }
    return o;
  }

  private ArrayNode traces(String tag) {
    ArrayNode out = JSON.createArrayNode();
    if (tag == null) {
      return out;
    }
    ArrayNode ti = JSON.createArrayNode();
    for (TriggerInstance t : triggers) {
      if (tag.equals(t.traceTag())) {
        ti.addObject().put("object_id", t.id()).put("ref", "core.st2.webhook");
      }
    }
    ArrayNode ae = JSON.createArrayNode();
    for (Execution e : executions.values()) {
      if (tag.equals(e.traceTag)) {
        ae.addObject().put("object_id", e.id).put("caused_by", "");
      }
    }
    if (ti.isEmpty() && ae.isEmpty()) {
      return out;
    }
    ObjectNode t = out.addObject();
    t.put("id", "trace-" + tag);
    t.put("trace_tag", tag);
    t.set("trigger_instances", ti);
    t.set("action_executions", ae);
    t.set("rules", JSON.createArrayNode());
    return out;
  }

  private List<TriggerInstance> of(String key) {
    return triggers.stream().filter(t -> t.body().path("key").asText().equals(key)).toList();
  }

  @Override
  public synchronized int recordCount() {
    return (int) triggers.stream().map(t -> t.body().path("key").asText()).distinct().count();
  }

  @Override
  public synchronized int recordsFor(String key) {
    Map<String, Integer> perTag = new HashMap<>();
    for (TriggerInstance t : of(key)) {
      perTag.merge(t.traceTag(), 1, Integer::sum);
    }
    return perTag.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  @Override
  public synchronized String state(String key) {
    List<TriggerInstance> l = of(key);
    return l.isEmpty() ? null : l.get(l.size() - 1).body().path("state").asText();
  }
}
