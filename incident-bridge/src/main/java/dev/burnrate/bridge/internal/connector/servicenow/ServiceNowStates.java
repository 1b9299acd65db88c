package dev.burnrate.bridge.internal.connector.servicenow;

import dev.burnrate.bridge.internal.connector.ConnectorOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ServiceNow's state values: the problem states, which depend on the instance (and so can be
 * configured), and the change request state model, which a normal or emergency change must walk one
 * state at a time.
 */
public final class ServiceNowStates {
  /** Burnrate's problem states. */
  static final Set<String> PROBLEM_STATES = Set.of("open", "known_error", "resolved", "closed");

  /** The problem states of the instance's default problem state model (New, Resolved, Closed). */
  static final Map<String, String> DEFAULT_PROBLEM_STATES =
      Map.of("open", "101", "known_error", "101", "resolved", "106", "closed", "107");

  /** Change states: New, Assess, Authorize, Scheduled, Implement, Review, Closed, Canceled. */
  static final String NEW = "-5";

  static final String CLOSED = "3";
  static final String CANCELED = "4";

  private static final List<String> NORMAL = List.of("-5", "-4", "-3", "-2", "-1", "0", "3");
  private static final List<String> EMERGENCY = List.of("-5", "-3", "-2", "-1", "0", "3");
  private static final List<String> STANDARD = List.of("-5", "-2", "-1", "0", "3");

  private ServiceNowStates() {}

  /**
   * The {@code problemStates} option, such as {@code open=101, known_error=102, resolved=106,
   * closed=107}: Burnrate's problem state, '=', the instance's state value, separated by commas.
   * States it leaves out keep their default.
   *
   * @throws IllegalArgumentException naming the entry that is not one
   */
  public static Map<String, String> problemStates(String option) {
    Map<String, String> m = new LinkedHashMap<>(DEFAULT_PROBLEM_STATES);
    if (option == null) {
      return Map.copyOf(m);
    }
    for (String part : option.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String state = eq < 0 ? p : p.substring(0, eq).trim();
      String value = eq < 0 ? "" : p.substring(eq + 1).trim();
      if (!PROBLEM_STATES.contains(state)) {
        throw ConnectorOptions.unknown(
            "problemStates: unknown problem state", state, PROBLEM_STATES);
      }
      if (!value.matches("-?[0-9]{1,9}")) {
        throw new IllegalArgumentException(
            "problemStates: the value of '" + state + "' must be a number, got '" + value + "'");
      }
      m.put(state, value);
    }
    return Map.copyOf(m);
  }

  /**
   * An incident's On hold reasons by the {@code holdReason} option's names: 1 Awaiting Caller, 5
   * Awaiting Change, 3 Awaiting Problem, 4 Awaiting Vendor.
   */
  static final Map<String, String> HOLD_REASONS =
      Map.of(
          "awaiting_caller",
          "1",
          "awaiting_change",
          "5",
          "awaiting_problem",
          "3",
          "awaiting_vendor",
          "4");

  /**
   * The {@code holdReason} option as an incident's {@code hold_reason} value; Awaiting Vendor (4)
   * when not set, since a Burnrate incident on hold waits on someone outside.
   *
   * @throws IllegalArgumentException naming the value when it is not one of the reasons
   */
  public static String holdReason(String option) {
    if (option == null) {
      return HOLD_REASONS.get("awaiting_vendor");
    }
    String v = HOLD_REASONS.get(option.trim());
    if (v == null) {
      throw ConnectorOptions.unknown(
          "holdReason: unknown On hold reason", option, HOLD_REASONS.keySet());
    }
    return v;
  }

  /** A Burnrate change state as the change request's target state value. */
  static String changeState(String state) {
    return switch (state) {
      case "planned" -> NEW;
      case "approved" -> "-2";
      case "in_progress" -> "-1";
      case "completed", "failed" -> CLOSED;
      default -> CANCELED;
    };
  }

  /**
   * The states to set, one update each and in order, to move a change of a type ({@code normal},
   * {@code emergency}, {@code standard}) from its current state to a target; empty when it is there
   * or already past it, since a person may have moved it on. Canceled is reached from any open
   * state at once.
   */
  static List<String> walk(String type, String current, String target) {
    if (current.equals(target) || current.equals(CLOSED) || current.equals(CANCELED)) {
      return List.of();
    }
    if (target.equals(CANCELED)) {
      return List.of(CANCELED);
    }
    List<String> model =
        switch (type) {
          case "emergency" -> EMERGENCY;
          case "standard" -> STANDARD;
          default -> NORMAL;
        };
    int from = model.indexOf(current);
    int to = model.indexOf(target);
    if (to < 0) {
      return List.of(target);
    }
    if (from < 0) {
      // A state outside the model (an older instance's): set the target and let it decide.
      return List.of(target);
    }
    return from >= to ? List.of() : List.copyOf(model.subList(from + 1, to + 1));
  }
}
