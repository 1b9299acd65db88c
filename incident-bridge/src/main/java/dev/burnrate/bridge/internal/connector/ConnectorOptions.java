package dev.burnrate.bridge.internal.connector;

import dev.burnrate.bridge.internal.connector.servicenow.ServiceNowStates;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** Checks the values of connector options whose form is not free text. */
public final class ConnectorOptions {
  private ConnectorOptions() {}

  /**
   * Checks a connector's options.
   *
   * @throws IllegalArgumentException naming the option and the value it refuses
   */
  public static void check(String type, Map<String, String> options) {
    switch (type) {
      case "servicenow" -> {
        ServiceNowStates.problemStates(options.get("problemStates"));
        ServiceNowStates.holdReason(options.get("holdReason"));
      }
      case "freshservice" -> number(type, options, "rateLimitReserve");
      case "jira" -> {
        oneOf(type, options, "serviceDesk", Set.of("auto", "true", "false"));
        number(type, options, "serviceDeskId");
        number(type, options, "requestType");
      }
      case "pagerduty" -> {
        oneOf(type, options, "setPriority", Set.of("true", "false"));
        String api = options.get("apiUrl");
        if (api != null && !api.matches("https?://[^/\\s]+(/\\S*)?")) {
          throw new IllegalArgumentException(
              type + " connector: apiUrl must be an http(s) URL, got '" + api + "'");
        }
      }
      default -> {}
    }
  }

  /**
   * The error of a value that is not one of {@code allowed}: {@code <what> '<value>'; expected one
   * of [...]}, the allowed values sorted.
   */
  public static IllegalArgumentException unknown(
      String what, String value, Collection<String> allowed) {
    return new IllegalArgumentException(
        what + " '" + value + "'; expected one of " + allowed.stream().sorted().toList());
  }

  private static void number(String type, Map<String, String> options, String key) {
    String v = options.get(key);
    if (v != null && !v.matches("[0-9]{1,9}")) {
      throw new IllegalArgumentException(
          type + " connector: " + key + " must be a whole number, got '" + v + "'");
    }
  }

  private static void oneOf(
      String type, Map<String, String> options, String key, Set<String> allowed) {
    String v = options.get(key);
    if (v != null && !allowed.contains(v)) {
      throw new IllegalArgumentException(
          type
              + " connector: "
              + key
              + " must be one of "
              + allowed.stream().sorted().toList()
              + ", got '"
              + v
              + "'");
    }
  }
}
