package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;

/**
 * One ITSM tool to deliver to.
 *
 * @param name a unique name; the outbox and the external ids are keyed by it
 * @param type pagerduty, jira, servicenow or webhook
 * @param url the tool's base URL (for a webhook: the full URL)
 * @param options the type's plain options (see docs/incidents.md)
 * @param secrets the type's credentials
 * @param match which records it receives
 */
public record ConnectorSettings(
    String name,
    String type,
    URI url,
    Map<String, String> options,
    Map<String, Secret> secrets,
    Match match) {

  /** Checks the connector and copies its maps. */
  public ConnectorSettings {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    requireNonNull(url, "url");
    requireNonNull(match, "match");
    options = Map.copyOf(options);
    secrets = Map.copyOf(secrets);
    ConnectorKeys.check(name, type, url, options, secrets);
  }

  /** A connector with options and credentials given as one map; credentials become secrets. */
  public static ConnectorSettings of(
      String name, String type, URI url, Map<String, String> values, Match match) {
    return ConnectorKeys.split(name, type, url, values, match);
  }

  /** An option, or a default. */
  public String option(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }
}
