package dev.burnrate.bridge.internal.connector.stackstorm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.OutboxSettings;
import dev.burnrate.bridge.internal.connector.Connector;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.connector.stackstorm.Runbooks.Runbook;
import dev.burnrate.bridge.internal.outbox.OutboxJson;
import dev.burnrate.bridge.internal.outbox.Snapshot;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.yaml.Durations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * StackStorm, the remediation half of ITSM: every record event is a trigger of the admin's {@code
 * core.st2.webhook} rule ({@code POST /api/v1/webhooks/{webhook}}), and configured actions run
 * through {@code POST /api/v1/executions}, are followed until they finish, and come back into the
 * record's timeline with their status and result.
 *
 * <p>StackStorm keeps no record of Burnrate's, so the external "record" is the stream of triggers
 * and executions, each tagged with a trace tag: {@code burnrate-<delivery id>} for the trigger and
 * {@code burnrate-<delivery id>-<action name>} for an execution. A delivery that an earlier attempt
 * may have reached (timeout, dropped connection, 5xx, crash) first asks {@code GET
 * /api/v1/traces?trace_tag=...}: a trigger or execution already there is not sent again, so an
 * action never runs twice for one event. Trigger traces are written by StackStorm's rules engine
 * after the webhook answered, so that lookup waits for the outbox's {@code inDoubtDelay}.
 */
public final class StackStormConnector implements Connector {
  /**
   * The statuses after which a StackStorm execution changes no more; the request catalog's
   * fulfilment reads them too.
   */
  public static final Set<String> DONE =
      Set.of("succeeded", "failed", "timeout", "canceled", "abandoned");

  /** How the follower waits between two polls of an execution. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits about this long. */
    void sleep(Duration d) throws InterruptedException;
  }

  private final ConnectorSettings settings;
  private final StackStormApi api;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Sleeper sleeper;
  private final String webhook;
  private final List<Runbook> runbooks;
  private final Duration followFor;
  private final Duration pollInterval;
  private final Duration inDoubtDelay;

  /** A connector counting runbooks in {@code registry}, waiting with {@code Thread.sleep}. */
  public StackStormConnector(
      ConnectorSettings settings,
      Http http,
      OutboxSettings outbox,
      Clock clock,
      MeterRegistry registry) {
    this(settings, http, outbox, clock, registry, d -> Thread.sleep(d.toMillis()));
  }

  /**
   * A connector with its own meter registry and way of waiting.
   *
   * <p>Following is bounded by {@code followFor}, and never past half the outbox's lease, so no
   * other worker claims the message while an execution is being followed.
   */
  public StackStormConnector(
      ConnectorSettings settings,
      Http http,
      OutboxSettings outbox,
      Clock clock,
      MeterRegistry registry,
      Sleeper sleeper) {
    this.settings = settings;
    this.api = new StackStormApi(settings.url(), settings.secrets().get("apiKey").reveal(), http);
    this.clock = clock;
    this.registry = registry;
    this.sleeper = sleeper;
    this.webhook = Runbooks.webhook(settings.options().get("webhook"));
    this.runbooks = Runbooks.of(settings.options().get("actions"));
    Duration follow =
        settings.options().containsKey("followFor")
            ? Durations.parse(settings.options().get("followFor"))
            : Runbooks.FOLLOW_FOR;
    Duration cap = outbox.lease().dividedBy(2);
    this.followFor = follow.compareTo(cap) > 0 ? cap : follow;
    this.pollInterval =
        settings.options().containsKey("pollInterval")
            ? Durations.parse(settings.options().get("pollInterval"))
            : Runbooks.POLL_INTERVAL;
    this.inDoubtDelay = outbox.inDoubtDelay();
  }

  @Override
  public String name() {
    return settings.name();
  }

  /** The trace tag of a delivery's trigger. */
  static String traceTag(long deliveryId) {
    return "burnrate-" + deliveryId;
  }

  /** The trace tag of the execution of one runbook for one delivery. */
  static String traceTag(long deliveryId, Runbook r) {
    return traceTag(deliveryId) + "-" + r.name();
  }

  /** The event as the webhook's body: what rules match on, and the whole record. */
  static ObjectNode eventBody(Delivery d) {
    Snapshot rec = d.record();
    ObjectNode b = ToolJson.object();
    b.put("source", "burnrate");
    b.put("id", traceTag(d.id()));
    b.put("event", d.event());
    b.put("message", d.message());
    b.put("kind", d.kind());
    b.put("key", d.key());
    b.put("title", rec.title());
    b.put("service", rec.service());
    b.put("slo", rec.slo());
    b.put("severity", rec.severity());
    b.put("priority", rec.priority() == null ? null : rec.priority().name());
    b.put("state", rec.stateName().isEmpty() ? null : rec.stateName());
    b.set("record", OutboxJson.MAPPER.valueToTree(rec));
    return b;
  }

  @Override
  public Outcome deliver(Delivery d) throws InterruptedException {
    Optional<Outcome> paused =
        api.pause().retry(d.now(), "StackStorm asked to wait (429 Retry-After)");
    if (paused.isPresent()) {
      return paused.get();
    }
    String tag = traceTag(d.id());
    boolean sent = false;
    if (d.inDoubt()) {
      Optional<Outcome> wait =
          d.awaitSearch(
              inDoubtDelay,
              "an earlier attempt may have reached StackStorm; looking for trace "
                  + tag
                  + " once StackStorm has recorded it");
      if (wait.isPresent()) {
        return wait.get();
      }
      Http.Result t = api.get("/api/v1/traces?trace_tag=" + StackStormApi.enc(tag), d.now());
      if (!t.ok()) {
        return t.failure();
      }
      sent = firstId(t.body(), "trigger_instances") != null;
    }
    if (!sent) {
      Http.Result r = api.post("/api/v1/webhooks/" + webhook, tag, eventBody(d), d.now());
      if (!r.ok()) {
        return r.failure();
      }
    }
    if (d.refs().find(d.key()).isEmpty()) {
      d.refs().store(d.key(), new ExternalRef(tag, null, null));
    }
    Instant deadline = clock.instant().plus(followFor);
    for (Runbook rb : runbooks) {
      if (rb.matches(d.event(), d.record())) {
        Outcome o = run(d, rb, deadline);
        if (o != null) {
          return o;
        }
      }
    }
    return new Outcome.Delivered();
  }

  /** The {@code object_id} of the first entity of a kind in a list of traces, or null. */
  static String firstId(String traces, String field) {
    for (JsonNode t : ToolJson.read(traces)) {
      for (JsonNode e : t.path(field)) {
        if (e.path("object_id").isTextual()) {
          return e.path("object_id").asText();
        }
      }
    }
    return null;
  }

  /**
   * Starts a runbook (or finds the execution an earlier attempt started), follows it and writes its
   * end into the timeline; null when that is done, or the outcome that ends the delivery.
   */
  private Outcome run(Delivery d, Runbook rb, Instant deadline) throws InterruptedException {
    String tag = traceTag(d.id(), rb);
    String id = null;
    if (d.inDoubt()) {
      Http.Result t = api.get("/api/v1/traces?trace_tag=" + StackStormApi.enc(tag), d.now());
      if (!t.ok()) {
        return t.failure();
      }
      id = firstId(t.body(), "action_executions");
    }
    Instant started = clock.instant();
    if (id == null) {
      ObjectNode body = ToolJson.object();
      body.put("action", rb.action());
      body.set("parameters", rb.parameters());
      body.putObject("context").putObject("trace_context").put("trace_tag", tag);
      Http.Result r = api.post("/api/v1/executions", null, body, d.now());
      if (r.failure() instanceof Outcome.Rejected rejected) {
        // The action or its parameters are wrong: no retry fixes that, and the event stays
        // delivered.
        ObjectNode details = details(rb, tag, "rejected");
        details.put("error", rejected.error());
        report(d, rb, tag, label(rb) + " could not start: " + rejected.error(), details);
        return null;
      }
      if (!r.ok()) {
        return r.failure();
      }
      id = ToolJson.read(r.body()).path("id").asText();
    }
    JsonNode exec;
    while (true) {
      Http.Result r = api.get("/api/v1/executions/" + StackStormApi.enc(id), clock.instant());
      if (r.failure() instanceof Outcome.Rejected rejected) {
        ObjectNode details = details(rb, tag, "lost");
        details.put("executionId", id);
        details.put("error", rejected.error());
        report(d, rb, tag, label(rb) + " cannot be followed: " + rejected.error(), details);
        return null;
      }
      if (!r.ok()) {
        return r.failure();
      }
      exec = ToolJson.read(r.body());
      if (DONE.contains(exec.path("status").asText())) {
        break;
      }
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        ObjectNode details = details(rb, tag, "unfinished");
        details.put("executionId", id);
        details.put("executionStatus", exec.path("status").asText());
        details.put("webUrl", exec.path("web_url").asText(null));
        long secs = Duration.between(started, clock.instant()).toSeconds();
        report(
            d,
            rb,
            tag,
            label(rb)
                + " still "
                + exec.path("status").asText("running")
                + " after "
                + secs
                + " s (StackStorm execution "
                + id
                + "); Burnrate stopped following it",
            details);
        return null;
      }
      sleeper.sleep(left.compareTo(pollInterval) < 0 ? left : pollInterval);
    }
    String status = exec.path("status").asText();
    ObjectNode details = details(rb, tag, status);
    details.put("executionId", id);
    details.put("webUrl", exec.path("web_url").asText(null));
    long secs = seconds(exec, started);
    details.put("elapsedSeconds", secs);
    JsonNode result = exec.path("result");
    String resultText = Json.write(result.isMissingNode() ? ToolJson.object() : result);
    if (resultText.length() <= 4000) {
      details.set("result", result.isMissingNode() ? ToolJson.object() : result);
    } else {
      details.put("result", resultText.substring(0, 4000) + "...");
    }
    String summary = summary(result, !status.equals("succeeded"));
    report(
        d,
        rb,
        tag,
        label(rb) + " " + status + " in " + secs + " s" + (summary.isEmpty() ? "" : ": " + summary),
        details);
    return null;
  }

  private static String label(Runbook rb) {
    return "runbook " + rb.action() + (rb.name().equals(rb.action()) ? "" : " " + rb.name());
  }

  private ObjectNode details(Runbook rb, String tag, String outcome) {
    ObjectNode o = ToolJson.object();
    o.put("connector", settings.name());
    o.put("runbook", rb.name());
    o.put("action", rb.action());
    o.put("traceTag", tag);
    o.put("outcome", outcome);
    return o;
  }

  private void report(Delivery d, Runbook rb, String tag, String message, ObjectNode details) {
    d.refs().report(d.key(), tag, "runbook", message, ToolJson.toMap(details));
    Counter.builder("burnrate.bridge.runbooks")
        .description("StackStorm actions Burnrate ran for its records, by how they ended")
        .tag("connector", settings.name())
        .tag("runbook", rb.name())
        .tag("outcome", details.path("outcome").asText())
        .register(registry)
        .increment();
  }

  /** How long an execution ran: StackStorm's elapsed seconds, else its timestamps, else ours. */
  private long seconds(JsonNode exec, Instant started) {
    if (exec.path("elapsed_seconds").isNumber()) {
      return Math.round(exec.path("elapsed_seconds").asDouble());
    }
    try {
      if (exec.hasNonNull("start_timestamp") && exec.hasNonNull("end_timestamp")) {
        return Duration.between(
                Instant.parse(exec.path("start_timestamp").asText()),
                Instant.parse(exec.path("end_timestamp").asText()))
            .toSeconds();
      }
    } catch (DateTimeParseException e) {
      // Fall back to Burnrate's own measure.
    }
    return Duration.between(started, clock.instant()).toSeconds();
  }

  /**
   * One line of an execution's result for people: stderr or an error when it failed, stdout when it
   * succeeded (looked for in the result and, for {@code core.remote}, in each host's result).
   */
  static String summary(JsonNode result, boolean failed) {
    String text = null;
    for (String f : failed ? List.of("stderr", "error", "errors", "stdout") : List.of("stdout")) {
      text = field(result, f);
      if (text == null) {
        for (JsonNode host : result) {
          if (host.isObject() && (text = field(host, f)) != null) {
            break;
          }
        }
      }
      if (text != null) {
        break;
      }
    }
    if (text == null) {
      return "";
    }
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static String field(JsonNode o, String f) {
    JsonNode v = o.path(f);
    if (v.isTextual() && !v.asText().isBlank()) {
      return v.asText();
    }
    if (v.isArray() && !v.isEmpty()) {
      JsonNode first = v.get(0);
      return first.path("message").isTextual() ? first.path("message").asText() : first.toString();
    }
    if (v.isObject() && v.path("message").isTextual()) {
      return v.path("message").asText();
    }
    return null;
  }
}
