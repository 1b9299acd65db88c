package dev.burnrate.bridge.internal.connector.teamdynamix;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.ToolJson;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a TeamDynamix application must tell before the first ticket: the status id of each role
 * (open, in process, resolved, closed, cancelled) and the default ticket type, read once unless
 * configured.
 */
final class TeamDynamixSetup {
  private final TeamDynamixOptions options;
  private final TeamDynamixApi api;
  private volatile Map<String, Integer> statuses;
  private volatile Integer defaultTypeId;

  TeamDynamixSetup(TeamDynamixOptions options, TeamDynamixApi api) {
    this.options = options;
    this.api = api;
  }

  /** The status id of each role, as configured or read from the application's statuses. */
  Optional<Outcome> loadStatuses(Instant now) throws InterruptedException {
    if (statuses != null) {
      return Optional.empty();
    }
    Map<String, Integer> m = new HashMap<>(options.statusIds());
    if (m.size() < TeamDynamixOptions.STATUS_ROLES.size()) {
      Http.Result r =
          api.get(
              "GET tickets/statuses", TeamDynamixConnector.api(options, "/tickets/statuses"), now);
      if (!r.ok()) {
        return Optional.of(r.failure());
      }
      JsonNode list = ToolJson.read(r.body());
      m.putIfAbsent("open", pick(list, 1, "", true));
      m.putIfAbsent("inProcess", pick(list, 2, "", false));
      m.putIfAbsent("resolved", pick(list, 3, "resolv", false));
      m.putIfAbsent("closed", pick(list, 3, "close", false));
      m.putIfAbsent("cancelled", pick(list, 4, "", false));
      m.values().removeIf(v -> v == null);
      if (!m.containsKey("open") || !m.containsKey("resolved")) {
        return Optional.of(
            new Outcome.Rejected(
                "TeamDynamix application "
                    + options.appId()
                    + " has no active status of class New or Completed; set openStatusId and"
                    + " resolvedStatusId"));
      }
      m.putIfAbsent("inProcess", m.get("open"));
      m.putIfAbsent("closed", m.get("resolved"));
      m.putIfAbsent("cancelled", m.get("closed"));
    }
    statuses = Map.copyOf(m);
    return Optional.empty();
  }

  /**
   * An active status of a class (1 New, 2 In Process, 3 Completed, 4 Cancelled): the one whose name
   * contains {@code hint}, else the default one when {@code preferDefault}, else the first by
   * order.
   */
  private static Integer pick(JsonNode list, int statusClass, String hint, boolean preferDefault) {
    JsonNode first = null;
    JsonNode named = null;
    JsonNode byDefault = null;
    for (JsonNode s : list) {
      if (s.path("StatusClass").asInt() != statusClass || !s.path("IsActive").asBoolean(true)) {
        continue;
      }
      if (first == null || s.path("Order").asDouble() < first.path("Order").asDouble()) {
        first = s;
      }
      if (!hint.isEmpty()
          && named == null
          && s.path("Name").asText().toLowerCase(java.util.Locale.ROOT).contains(hint)) {
        named = s;
      }
      if (byDefault == null && s.path("IsDefault").asBoolean()) {
        byDefault = s;
      }
    }
    JsonNode chosen =
        named != null ? named : preferDefault && byDefault != null ? byDefault : first;
    return chosen == null ? null : chosen.path("ID").asInt();
  }

  /** The ticket type: configured, or the application's first active one. */
  Optional<Outcome> loadType(Instant now) throws InterruptedException {
    if (options.typeId().isPresent() || defaultTypeId != null) {
      return Optional.empty();
    }
    Http.Result r =
        api.get("GET tickets/types", TeamDynamixConnector.api(options, "/tickets/types"), now);
    if (!r.ok()) {
      return Optional.of(r.failure());
    }
    for (JsonNode t : ToolJson.read(r.body())) {
      if (t.path("IsActive").asBoolean(true)) {
        defaultTypeId = t.path("ID").asInt();
        return Optional.empty();
      }
    }
    return Optional.of(
        new Outcome.Rejected(
            "TeamDynamix application "
                + options.appId()
                + " has no active ticket type; set typeId"));
  }

  int typeId() {
    return options.typeId().isPresent() ? options.typeId().getAsInt() : defaultTypeId;
  }

  /** A record's state as the role of its status. */
  static String statusRole(String kind, String state) {
    return switch (kind) {
      case "change" ->
          switch (state) {
            case "approved", "in_progress" -> "inProcess";
            case "completed", "failed" -> "closed";
            case "rejected", "cancelled" -> "cancelled";
            default -> "open";
          };
      default ->
          switch (state) {
            case "acknowledged", "known_error" -> "inProcess";
            case "resolved" -> "resolved";
            case "closed" -> "closed";
            default -> "open";
          };
    };
  }

  int statusId(Delivery d) {
    return statuses.get(statusRole(d.kind(), d.record().stateName()));
  }
}
