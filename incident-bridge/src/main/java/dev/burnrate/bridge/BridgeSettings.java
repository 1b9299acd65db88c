package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.change.ChangePolicy;
import dev.burnrate.yaml.YamlDocuments;
import dev.burnrate.yaml.YamlNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the incident bridge can be told: the rules' thresholds, the change gate's policy,
 * webhook limits, the outbox's retry policy and the connectors to ITSM tools. It is the {@code
 * bridge:} section of {@code burnrate.yaml}; every key has a default.
 *
 * @param quietPeriod how long a recovered incident waits, without a new firing, before it resolves
 * @param autoResolve false: a recovered incident waits for a person to resolve it
 * @param tickInterval how often the bridge looks for incidents whose quiet period has passed
 * @param priorities how alert severities map to priorities
 * @param problems when recurring incidents raise a problem
 * @param changeCorrelationWindow how long after a change an incident names it as suspected cause
 * @param gate the change gate's error-budget policy
 * @param webhooks limits and label mapping of the Alertmanager and Grafana webhooks
 * @param outbox delivery to ITSM tools: workers, retries, timeouts
 * @param connectors the ITSM tools to deliver to, each with its routing rule
 * @param servicesFile the service catalog (CMDB) file, if any
 * @param changePolicy approvals, standard-change templates and blackouts of changes
 * @param response incident assignment and response targets
 */
public record BridgeSettings(
    Duration quietPeriod,
    boolean autoResolve,
    Duration tickInterval,
    PriorityRules priorities,
    ProblemRules problems,
    Duration changeCorrelationWindow,
    GatePolicy gate,
    WebhookRules webhooks,
    OutboxSettings outbox,
    List<ConnectorSettings> connectors,
    Optional<Path> servicesFile,
    ChangePolicy changePolicy,
    ResponseSettings response) {

  /** Checks the settings and copies the connector list. */
  public BridgeSettings {
    requireNonNull(changePolicy, "changePolicy");
    requireNonNull(quietPeriod, "quietPeriod");
    requireNonNull(tickInterval, "tickInterval");
    requireNonNull(priorities, "priorities");
    requireNonNull(problems, "problems");
    requireNonNull(changeCorrelationWindow, "changeCorrelationWindow");
    requireNonNull(gate, "gate");
    requireNonNull(webhooks, "webhooks");
    requireNonNull(outbox, "outbox");
    requireNonNull(servicesFile, "servicesFile");
    requireNonNull(response, "response");
    positive(tickInterval, "tickInterval");
    if (quietPeriod.isNegative()) {
      throw new IllegalArgumentException("quietPeriod must not be negative, got " + quietPeriod);
    }
    connectors = List.copyOf(connectors);
    Set<String> names = new HashSet<>();
    for (ConnectorSettings c : connectors) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("two connectors are named " + c.name());
      }
    }
  }

  /** The defaults: 30-minute quiet period, 3 incidents in 7 days, 2h correlation, freeze at 0. */
  public static BridgeSettings defaults() {
    return new BridgeSettings(
        Duration.ofMinutes(30),
        true,
        Duration.ofSeconds(10),
        PriorityRules.defaults(),
        ProblemRules.defaults(),
        Duration.ofHours(2),
        GatePolicy.defaults(),
        WebhookRules.defaults(),
        OutboxSettings.defaults(),
        List.of(),
        Optional.empty(),
        ChangePolicy.defaults(),
        ResponseSettings.defaults());
  }

  /** These settings with other connectors. */
  public BridgeSettings withConnectors(List<ConnectorSettings> list) {
    return copy(c -> c.connectors = list);
  }

  /** These settings with another outbox policy. */
  public BridgeSettings withOutbox(OutboxSettings o) {
    return copy(c -> c.outbox = o);
  }

  /** These settings with another gate policy. */
  public BridgeSettings withGate(GatePolicy g) {
    return copy(c -> c.gate = g);
  }

  /** These settings with another change policy. */
  public BridgeSettings withChangePolicy(ChangePolicy p) {
    return copy(c -> c.changePolicy = p);
  }

  /** These settings with another service catalog file. */
  public BridgeSettings withServicesFile(Optional<Path> file) {
    return copy(c -> c.servicesFile = file);
  }

  /** These settings with another quiet period and auto-resolve choice. */
  public BridgeSettings withQuietPeriod(Duration q, boolean auto) {
    return copy(
        c -> {
          c.quietPeriod = q;
          c.autoResolve = auto;
        });
  }

  private BridgeSettings copy(java.util.function.Consumer<BridgeSettingsCopy> change) {
    BridgeSettingsCopy c = new BridgeSettingsCopy(this);
    change.accept(c);
    return c.build();
  }

  /**
   * Parses the bridge section from YAML text (the section's content, not the whole file); errors
   * read {@code file:line:column: key: message}.
   */
  public static BridgeSettings parse(String yaml, String file) {
    return BridgeSettingsYaml.read(YamlDocuments.read(file, yaml).withEnvironment(System::getenv));
  }

  /**
   * Builds settings from a mapping already loaded from YAML (strings, numbers, booleans, lists and
   * maps), such as the {@code connectors} block of {@code burnrate.yaml}; errors name {@code
   * source} and the key path under {@code path}.
   *
   * @param section the bridge keys: quietPeriod, connectors, gate, ...
   * @param source the file the mapping came from, for error messages
   * @param path where the mapping sits in that file ({@code ""} for the top level)
   */
  public static BridgeSettings fromMap(Map<String, ?> section, String source, String path) {
    return BridgeSettingsYaml.fromMap(section, source, path);
  }

  /**
   * Builds settings from the {@code bridge} section of a file already read; environment references
   * ({@code ${NAME}}) are replaced from the process environment.
   */
  public static BridgeSettings fromNode(YamlNode section) {
    return BridgeSettingsYaml.read(section.withEnvironment(System::getenv));
  }

  static void positive(Duration d, String name) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be longer than zero, got " + d);
    }
  }
}
