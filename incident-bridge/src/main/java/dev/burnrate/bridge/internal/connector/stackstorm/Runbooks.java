package dev.burnrate.bridge.internal.connector.stackstorm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.connector.ConnectorOptions;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.outbox.Snapshot;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.yaml.Durations;
import dev.burnrate.yaml.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The StackStorm actions Burnrate runs itself, each with the records and events it runs for. In the
 * settings they are the option {@code actions}, a JSON list written by {@link #parse(YamlNode)}
 * after every entry was checked at its place in the file.
 */
public final class Runbooks {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_.-]+");
  private static final Pattern WEBHOOK =
      Pattern.compile("/*[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*/*");
  private static final Set<String> KINDS = Set.of("incident", "problem", "change", "request");
  private static final Set<String> KEYS = Set.of("name", "action", "parameters", "match");
  private static final Set<String> MATCH_KEYS =
      Set.of("kinds", "events", "services", "slos", "severities");

  /** How long Burnrate follows an execution by default. */
  static final Duration FOLLOW_FOR = Duration.ofSeconds(60);

  /** How often a followed execution is asked for by default. */
  static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

  private Runbooks() {}

  /**
   * One action to run.
   *
   * @param name unique among the connector's actions; names the run in the timeline and its trace
   *     tag (the action's ref when not given)
   * @param action the StackStorm action's ref, such as {@code core.remote}
   * @param parameters the action's parameters
   * @param kinds the record kinds it runs for (incident when not given)
   * @param events the events it runs on (opened when not given)
   * @param services the services it runs for, any when empty
   * @param slos the SLOs it runs for, any when empty
   * @param severities the severities (page, ticket) it runs for, any when empty
   */
  public record Runbook(
      String name,
      String action,
      ObjectNode parameters,
      Set<String> kinds,
      Set<String> events,
      Set<String> services,
      Set<String> slos,
      Set<String> severities) {
    /** Checks the runbook and copies its sets. */
    public Runbook {
      requireNonNull(name, "name");
      requireNonNull(action, "action");
      parameters = requireNonNull(parameters, "parameters").deepCopy();
      kinds = Set.copyOf(kinds);
      events = Set.copyOf(events);
      services = Set.copyOf(services);
      slos = Set.copyOf(slos);
      severities = Set.copyOf(severities);
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "runbook name must be 1-64 letters, digits, '.', '-' or '_', got '" + name + "'");
      }
      if (!ACTION.matcher(action).matches()) {
        throw new IllegalArgumentException(
            "action must be a StackStorm action ref such as core.remote, got '" + action + "'");
      }
      for (String k : kinds) {
        if (!KINDS.contains(k)) {
          throw ConnectorOptions.unknown("unknown record kind", k, KINDS);
        }
      }
    }

    /** Whether this runbook runs for an event of a record. */
    public boolean matches(String event, Snapshot record) {
      if (!kinds.contains(record.kind()) || !events.contains(event)) {
        return false;
      }
      if (!services.isEmpty() && record.routedServices().stream().noneMatch(services::contains)) {
        return false;
      }
      if (!slos.isEmpty() && (record.slo() == null || !slos.contains(record.slo()))) {
        return false;
      }
      return severities.isEmpty()
          || (record.severity() != null && severities.contains(record.severity()));
    }

    ObjectNode toJson() {
      ObjectNode o = ToolJson.object();
      o.put("name", name);
      o.put("action", action);
      o.set("parameters", parameters);
      o.set("kinds", ToolJson.strings(kinds.stream().sorted().toList()));
      o.set("events", ToolJson.strings(events.stream().sorted().toList()));
      o.set("services", ToolJson.strings(services.stream().sorted().toList()));
      o.set("slos", ToolJson.strings(slos.stream().sorted().toList()));
      o.set("severities", ToolJson.strings(severities.stream().sorted().toList()));
      return o;
    }

    static Runbook fromJson(JsonNode o) {
      return new Runbook(
          o.path("name").asText(),
          o.path("action").asText(),
          o.path("parameters").isObject() ? (ObjectNode) o.path("parameters") : ToolJson.object(),
          strings(o.path("kinds")),
          strings(o.path("events")),
          strings(o.path("services")),
          strings(o.path("slos")),
          strings(o.path("severities")));
    }
  }

  private static Set<String> strings(JsonNode a) {
    Set<String> out = new LinkedHashSet<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The {@code actions:} list, checked entry by entry, as the option's JSON text. */
  public static String parse(YamlNode n) {
    ArrayNode out = ToolJson.array();
    Set<String> names = new HashSet<>();
    for (YamlNode item : n.sequence()) {
      Map<String, YamlNode> m = item.mapping(KEYS);
      if (!m.containsKey("action")) {
        throw item.error("missing key 'action' (a StackStorm action ref such as core.remote)");
      }
      String action = m.get("action").nonBlank();
      String name = m.containsKey("name") ? m.get("name").nonBlank() : action;
      Set<String> kinds = Set.of("incident");
      Set<String> events = Set.of("opened");
      Set<String> services = Set.of();
      Set<String> slos = Set.of();
      Set<String> severities = Set.of();
      if (m.containsKey("match")) {
        Map<String, YamlNode> mm = m.get("match").mapping(MATCH_KEYS);
        kinds = mm.containsKey("kinds") ? nonEmpty(mm.get("kinds")) : kinds;
        events = mm.containsKey("events") ? nonEmpty(mm.get("events")) : events;
        services = mm.containsKey("services") ? nonEmpty(mm.get("services")) : services;
        slos = mm.containsKey("slos") ? nonEmpty(mm.get("slos")) : slos;
        severities = mm.containsKey("severities") ? nonEmpty(mm.get("severities")) : severities;
      }
      ObjectNode parameters = ToolJson.object();
      if (m.containsKey("parameters")) {
        if (!m.get("parameters").isMapping()) {
          throw m.get("parameters").error("expected a mapping of the action's parameters");
        }
        parameters = (ObjectNode) json(m.get("parameters"));
      }
      Runbook r;
      try {
        r = new Runbook(name, action, parameters, kinds, events, services, slos, severities);
      } catch (IllegalArgumentException e) {
        throw item.error(e.getMessage());
      }
      if (!names.add(name)) {
        throw item.error("another action is already named '" + name + "'; give each a name");
      }
      out.add(r.toJson());
    }
    return Json.write(out);
  }

  private static Set<String> nonEmpty(YamlNode n) {
    List<String> l = n.strings();
    if (l.isEmpty()) {
      throw n.error("must list at least one value");
    }
    return new LinkedHashSet<>(l);
  }

  /** A YAML tree as JSON, with numbers, booleans and nulls as YAML resolved them. */
  static JsonNode json(YamlNode n) {
    if (n.isMapping()) {
      ObjectNode o = ToolJson.object();
      n.mapping(null).forEach((k, v) -> o.set(k, json(v)));
      return o;
    }
    if (n.isSequence()) {
      ArrayNode a = ToolJson.array();
      n.sequence().forEach(v -> a.add(json(v)));
      return a;
    }
    Object v = n.scalar();
    return switch (v) {
      case null -> com.fasterxml.jackson.databind.node.NullNode.getInstance();
      case Long l -> com.fasterxml.jackson.databind.node.LongNode.valueOf(l);
      case Double d -> com.fasterxml.jackson.databind.node.DoubleNode.valueOf(d);
      case Boolean b -> com.fasterxml.jackson.databind.node.BooleanNode.valueOf(b);
      default -> com.fasterxml.jackson.databind.node.TextNode.valueOf(v.toString());
    };
  }

  /** The runbooks of the option's JSON text; none when it is absent. */
  public static List<Runbook> of(String json) {
    List<Runbook> out = new ArrayList<>();
    if (json == null) {
      return out;
    }
    JsonNode a;
    try {
      a = ToolJson.read(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("actions must be a JSON list of actions");
    }
    if (!a.isArray()) {
      throw new IllegalArgumentException("actions must be a list of actions");
    }
    Set<String> names = new HashSet<>();
    for (JsonNode o : a) {
      Runbook r = Runbook.fromJson(o);
      if (!names.add(r.name())) {
        throw new IllegalArgumentException("another action is already named '" + r.name() + "'");
      }
      out.add(r);
    }
    return out;
  }

  /**
   * Checks a stackstorm connector's options: the webhook's name, the actions, and the follow
   * durations.
   */
  public static void check(Map<String, String> options) {
    String hook = options.get("webhook");
    if (hook != null && !WEBHOOK.matcher(hook).matches()) {
      throw new IllegalArgumentException(
          "webhook must be the url of the rule's core.st2.webhook trigger (letters, digits,"
              + " '.', '_', '~', '-' and '/'), got '"
              + hook
              + "'");
    }
    of(options.get("actions"));
    for (String k : List.of("followFor", "pollInterval")) {
      if (options.containsKey(k)) {
        Duration d;
        try {
          d = Durations.parse(options.get(k));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(k + ": " + e.getMessage());
        }
        if (d.isZero()) {
          throw new IllegalArgumentException(k + " must be longer than 0");
        }
      }
    }
  }

  /** The webhook's name without the slashes StackStorm ignores. */
  static String webhook(String option) {
    String w = option;
    while (w.startsWith("/")) {
      w = w.substring(1);
    }
    while (w.endsWith("/")) {
      w = w.substring(0, w.length() - 1);
    }
    return w;
  }
}
