package dev.burnrate.bridge.internal.request;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
  static Map<String, Object> parameters(Fulfilment.StackStorm st, Map<String, Object> fields) {
    if (st.parameters().isEmpty()) {
      return new LinkedHashMap<>(fields);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> p : new TreeMap<>(st.parameters()).entrySet()) {
      String v = p.getValue();
      Matcher whole = PLACEHOLDER.matcher(v.strip());
      if (whole.matches()) {
        Object f = fields.get(whole.group(1));
        if (f != null) {
          out.put(p.getKey(), f);
        }
        continue;
      }
      Matcher m = PLACEHOLDER.matcher(v);
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(b, Matcher.quoteReplacement(text(fields.get(m.group(1)))));
      }
      m.appendTail(b);
      out.put(p.getKey(), b.toString());
    }
    return out;
  }

  /** A field's value inside a text parameter: a scalar as it prints, nothing for the rest. */
  private static String text(Object v) {
    return v == null || v instanceof Map || v instanceof List ? "" : String.valueOf(v);
  }
}
