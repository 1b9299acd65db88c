package dev.burnrate.bridge;

import dev.burnrate.bridge.internal.connector.ConnectorOptions;
import dev.burnrate.bridge.internal.connector.servicedeskplus.ServiceDeskPlusSettings;
import dev.burnrate.bridge.internal.connector.stackstorm.Runbooks;
import dev.burnrate.bridge.internal.connector.teamdynamix.TeamDynamixOptions;
import dev.burnrate.bridge.internal.connector.webhook.WebhookHeaders;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The option and credential keys of each connector type, and the checks of a connector's values.
 */
final class ConnectorKeys {
  /** Option keys per type, and which of them are credentials. */
  static final Map<String, Set<String>> OPTIONS =
      Map.of(
          "pagerduty", Set.of("source", "apiUrl", "from", "setPriority"),
          "webhook", Set.of(),
          "jira",
              Set.of(
                  "user",
                  "project",
                  "incidentIssueType",
                  "problemIssueType",
                  "changeIssueType",
                  "resolveTransition",
                  "closeTransition",
                  "linkType",
                  "serviceDesk",
                  "serviceDeskId",
                  "requestType",
                  "resolution"),
          "servicenow",
              Set.of("user", "assignmentGroup", "callerId", "problemStates", "holdReason"),
          "freshservice", Set.of("requesterEmail", "groupId", "rateLimitReserve"),
          "teamdynamix", TeamDynamixOptions.KEYS,
          "servicedeskplus", ServiceDeskPlusSettings.OPTIONS,
          "stackstorm", Set.of("webhook", "actions", "followFor", "pollInterval"));

  static final Map<String, Set<String>> SECRETS =
      Map.of(
          "pagerduty", Set.of("routingKey", "apiToken"),
          "webhook", Set.of("secret"),
          "jira", Set.of("token"),
          "servicenow", Set.of("password"),
          "freshservice", Set.of("apiKey"),
          "teamdynamix", Set.of("beid", "webServicesKey"),
          "servicedeskplus", ServiceDeskPlusSettings.SECRETS,
          "stackstorm", Set.of("apiKey"));

  static final Map<String, Set<String>> REQUIRED =
      Map.of(
          "pagerduty", Set.of("routingKey"),
          "webhook", Set.of("secret"),
          "jira", Set.of("user", "token", "project"),
          "servicenow", Set.of("user", "password"),
          "freshservice", Set.of("apiKey"),
          "teamdynamix", Set.of("beid", "webServicesKey", "appId"),
          "servicedeskplus", Set.of(),
          "stackstorm", Set.of("apiKey", "webhook"));

  private ConnectorKeys() {}

  /** Checks a connector's type, name, keys, required values and URL. */
  static void check(
      String name, String type, URI url, Map<String, String> options, Map<String, Secret> secrets) {
    if (!OPTIONS.containsKey(type)) {
      throw new IllegalArgumentException(
          "unknown connector type '"
              + type
              + "'; expected one of "
              + OPTIONS.keySet().stream().sorted().toList());
    }
    if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException(
          "connector name must be 1-64 letters, digits, '-' or '_', got '" + name + "'");
    }
    for (String k : options.keySet()) {
      if (!OPTIONS.get(type).contains(k)) {
        throw new IllegalArgumentException(type + " connector has no option '" + k + "'");
      }
    }
    for (String k : secrets.keySet()) {
      if (type.equals("webhook") && k.startsWith(WebhookHeaders.PREFIX)) {
        WebhookHeaders.check(k.substring(WebhookHeaders.PREFIX.length()), secrets.get(k).reveal());
        continue;
      }
      if (!SECRETS.get(type).contains(k)) {
        throw new IllegalArgumentException(type + " connector has no credential '" + k + "'");
      }
    }
    for (String k : REQUIRED.get(type)) {
      if (!options.containsKey(k) && !secrets.containsKey(k)) {
        throw new IllegalArgumentException(type + " connector '" + name + "' needs '" + k + "'");
      }
    }
    if (type.equals("teamdynamix")) {
      TeamDynamixOptions.parse(name, options);
    }
    if (type.equals("servicedeskplus")) {
      ServiceDeskPlusSettings.check(name, options, secrets);
    }
    if (options.containsKey("groupId") && !options.get("groupId").matches("[0-9]{1,18}")) {
      throw new IllegalArgumentException(
          type
              + " connector '"
              + name
              + "': groupId must be a number, got '"
              + options.get("groupId")
              + "'");
    }
    if (type.equals("stackstorm")) {
      try {
        Runbooks.check(options);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "stackstorm connector '" + name + "': " + e.getMessage(), e);
      }
    }
    ConnectorOptions.check(type, options);
    String scheme = url.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || url.getHost() == null) {
      throw new IllegalArgumentException("connector url must be an http(s) URL, got " + url);
    }
  }

  /** A connector with options and credentials given as one map; credentials become secrets. */
  static ConnectorSettings split(
      String name, String type, URI url, Map<String, String> values, Match match) {
    Map<String, String> opts = new LinkedHashMap<>();
    Map<String, Secret> secrets = new LinkedHashMap<>();
    Set<String> secretKeys = SECRETS.getOrDefault(type, Set.of());
    values.forEach(
        (k, v) -> {
          if (secretKeys.contains(k)
              || (type.equals("webhook") && k.startsWith(WebhookHeaders.PREFIX))) {
            secrets.put(k, Secret.of(v));
          } else {
            opts.put(k, v);
          }
        });
    return new ConnectorSettings(name, type, url, opts, secrets, match);
  }
}
