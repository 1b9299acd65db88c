package dev.burnrate.bridge.internal.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.record.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What automation does next with a request that is fulfilling: the worker's pure decisions. */
enum FulfilmentStep {
  /** Not claimed yet: claim it, then start the action. */
  START,
  /** Started: read the execution's status. */
  FOLLOW,
  /** Claimed by a run that is still starting the action: leave it. */
  WAIT,
  /**
   * Claimed, but no execution id was recorded in time: the bridge stopped while starting the
   * action, which may or may not have run, so it is not started again.
   */
  ORPHANED,
  /** Running longer than the type's timeout. */
  TIMED_OUT;

  /** How long a claim may go without an execution id before it counts as orphaned. */
  static final Duration CLAIM_GRACE = Duration.ofMinutes(5);

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

  /** The next step for {@code r} at {@code now}. */
  static FulfilmentStep next(ServiceRequest r, RequestType t, Instant now) {
    if (r.startedAt() == null) {
      return START;
    }
    if (r.executionId() == null) {
      return now.isAfter(r.startedAt().plus(CLAIM_GRACE)) ? ORPHANED : WAIT;
    }
    return now.isAfter(r.startedAt().plus(t.timeout())) ? TIMED_OUT : FOLLOW;
  }

  /**
   * The action's parameters: every field by its name when the type names none, else each named
   * parameter with {@code {{field}}} replaced (a value that is one placeholder keeps the field's
   * JSON type; an absent field leaves the parameter out).
   */
  static ObjectNode parameters(Fulfilment.StackStorm st, ObjectNode fields) {
    if (st.parameters().isEmpty()) {
      return fields.deepCopy();
    }
    ObjectNode out = Json.object();
    for (Map.Entry<String, String> p : new java.util.TreeMap<>(st.parameters()).entrySet()) {
      String v = p.getValue();
      Matcher whole = PLACEHOLDER.matcher(v.strip());
      if (whole.matches()) {
        JsonNode f = fields.get(whole.group(1));
        if (f != null) {
          out.set(p.getKey(), f.deepCopy());
        }
        continue;
      }
      Matcher m = PLACEHOLDER.matcher(v);
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        JsonNode f = fields.get(m.group(1));
        m.appendReplacement(b, Matcher.quoteReplacement(f == null ? "" : f.asText()));
      }
      m.appendTail(b);
      out.put(p.getKey(), b.toString());
    }
    return out;
  }

  /** The outcome recorded for a finished StackStorm execution. */
  static ObjectNode outcome(StackStormClient.Execution e) {
    ObjectNode o = Json.object();
    o.put("mode", "stackstorm");
    o.put("executionId", e.id());
    o.put("status", e.status());
    if (e.result() != null) {
      o.set("result", e.result());
    }
    return o;
  }

  /** The outcome recorded when fulfilment failed before any execution reported. */
  static ObjectNode failure(String mode, String message) {
    ObjectNode o = Json.object();
    o.put("mode", mode);
    o.put("status", "failed");
    o.put("error", message);
    return o;
  }
}
