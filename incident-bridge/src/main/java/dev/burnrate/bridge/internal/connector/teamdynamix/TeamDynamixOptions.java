package dev.burnrate.bridge.internal.connector.teamdynamix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options of a {@code teamdynamix} connector: the application, the ids a ticket is created
 * with, the status ids (read from the application when not given), the priority ids per Burnrate
 * priority, and the custom attribute holding the Burnrate key.
 *
 * @param appId the ticketing application's id
 * @param typeId the ticket type, or empty for the application's first active type
 * @param formId the form, or empty for the classification's default form
 * @param accountId the account (department), or empty for TeamDynamix's default
 * @param requestorUid the requestor's UID, or null for TeamDynamix's default
 * @param sourceId the ticket source, or empty for TeamDynamix's default
 * @param keyAttributeId the custom attribute that holds the Burnrate key, or empty to find tickets
 *     by text search
 * @param priorityIds TeamDynamix priority ids by Burnrate priority (P1..P4), maybe empty
 * @param statusIds status ids by role (open, inProcess, resolved, closed, cancelled), as given
 */
public record TeamDynamixOptions(
    int appId,
    OptionalInt typeId,
    OptionalInt formId,
    OptionalInt accountId,
    String requestorUid,
    OptionalInt sourceId,
    OptionalInt keyAttributeId,
    Map<String, Integer> priorityIds,
    Map<String, Integer> statusIds) {

  /**
   * The option keys of the connector (besides the credentials {@code beid}, {@code
   * webServicesKey}).
   */
  public static final Set<String> KEYS =
      Set.of(
          "appId",
          "typeId",
          "formId",
          "accountId",
          "requestorUid",
          "sourceId",
          "keyAttributeId",
          "priorityIds",
          "openStatusId",
          "inProcessStatusId",
          "resolvedStatusId",
          "closedStatusId",
          "cancelledStatusId");

  /** The status roles, each configurable as {@code <role>StatusId}. */
  static final List<String> STATUS_ROLES =
      List.of("open", "inProcess", "resolved", "closed", "cancelled");

  private static final Pattern ID = Pattern.compile("[0-9]{1,10}");
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Copies the maps. */
  public TeamDynamixOptions {
    priorityIds = Map.copyOf(priorityIds);
    statusIds = Map.copyOf(statusIds);
  }

  /**
   * Reads and checks the options of connector {@code name}.
   *
   * @throws IllegalArgumentException naming the connector and the option that is wrong
   */
  public static TeamDynamixOptions parse(String name, Map<String, String> options) {
    String where = "teamdynamix connector '" + name + "': ";
    OptionalInt app = id(where, options, "appId");
    if (app.isEmpty()) {
      throw new IllegalArgumentException(where + "needs 'appId'");
    }
    String uid = options.get("requestorUid");
    if (uid != null && !GUID.matcher(uid).matches()) {
      throw new IllegalArgumentException(
          where
              + "requestorUid must be a UID such as 7f3c2e10-1b2a-4c3d-9e8f-0a1b2c3d4e5f, got '"
              + uid
              + "'");
    }
    Map<String, Integer> statuses = new LinkedHashMap<>();
    for (String role : STATUS_ROLES) {
      id(where, options, role + "StatusId").ifPresent(v -> statuses.put(role, v));
    }
    return new TeamDynamixOptions(
        app.getAsInt(),
        id(where, options, "typeId"),
        id(where, options, "formId"),
        id(where, options, "accountId"),
        uid,
        id(where, options, "sourceId"),
        id(where, options, "keyAttributeId"),
        priorities(where, options.get("priorityIds")),
        statuses);
  }

  /** An Int32 id above zero, if given. */
  private static OptionalInt id(String where, Map<String, String> options, String key) {
    String v = options.get(key);
    if (v == null) {
      return OptionalInt.empty();
    }
    long n = ID.matcher(v.trim()).matches() ? Long.parseLong(v.trim()) : -1;
    if (n < 1 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          where + key + " must be a TeamDynamix id (a number from 1), got '" + v + "'");
    }
    return OptionalInt.of((int) n);
  }

  /** {@code P1=21, P2=22, ...}: TeamDynamix priority ids of Burnrate priorities. */
  private static Map<String, Integer> priorities(String where, String v) {
    Map<String, Integer> m = new LinkedHashMap<>();
    if (v == null) {
      return m;
    }
    for (String part : v.split(",")) {
      String[] kv = part.trim().split("=", -1);
      String p = kv[0].trim();
      if (kv.length != 2 || !p.matches("P[1-4]")) {
        throw new IllegalArgumentException(
            where + "priorityIds must read like 'P1=21, P2=22, P3=23, P4=24', got '" + v + "'");
      }
      if (m.containsKey(p)) {
        throw new IllegalArgumentException(where + "priorityIds names " + p + " twice");
      }
      m.put(p, id(where, Map.of("priorityIds " + p, kv[1].trim()), "priorityIds " + p).getAsInt());
    }
    return m;
  }
}
