package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.change.ChangePolicy;
import dev.burnrate.yaml.YamlDocuments;
import dev.burnrate.yaml.YamlNode;
import java.net.URI;
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

  /** These settings with another quiet period and auto-resolve choice. */
  public BridgeSettings withQuietPeriod(Duration q, boolean auto) {
    return copy(
        c -> {
          c.quietPeriod = q;
          c.autoResolve = auto;
        });
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

  private static void positive(Duration d, String name) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be longer than zero, got " + d);
    }
  }

  /**
   * How an SLO alert's severity and windows become a priority.
   *
   * <p>A page alert is P1 when its long window is at most {@code p1MaxLongWindow} (the default
   * page-1h rule) or its factor is at least {@code p1MinFactor}; other page alerts are P2. A ticket
   * alert is P3 when its long window is at most {@code p3MaxLongWindow} (ticket-1d), else P4.
   *
   * @param p1MaxLongWindow page alerts with a long window this short or shorter are P1 (1h)
   * @param p1MinFactor page alerts with a factor this high or higher are P1 (14.4)
   * @param p3MaxLongWindow ticket alerts with a long window this short or shorter are P3 (1d)
   * @param noDataOpensIncident whether the engine's NO_DATA opens a P4 incident (true)
   */
  public record PriorityRules(
      Duration p1MaxLongWindow,
      double p1MinFactor,
      Duration p3MaxLongWindow,
      boolean noDataOpensIncident) {
    /** Checks the rules. */
    public PriorityRules {
      requireNonNull(p1MaxLongWindow, "p1MaxLongWindow");
      requireNonNull(p3MaxLongWindow, "p3MaxLongWindow");
      if (!(p1MinFactor > 0)) {
        throw new IllegalArgumentException("p1MinFactor must be positive, got " + p1MinFactor);
      }
    }

    /** 1h, 14.4, 1d, true. */
    public static PriorityRules defaults() {
      return new PriorityRules(Duration.ofHours(1), 14.4, Duration.ofDays(1), true);
    }
  }

  /**
   * When recurring incidents raise a problem.
   *
   * @param threshold incidents on one SLO (or one service) within the window that raise a problem
   * @param window how far back incidents count
   * @param fixQuietPeriod how long after its fix change completes a problem waits, with no incident
   *     recurring, before it resolves
   */
  public record ProblemRules(int threshold, Duration window, Duration fixQuietPeriod) {
    /** Checks the rules. */
    public ProblemRules {
      requireNonNull(window, "window");
      requireNonNull(fixQuietPeriod, "fixQuietPeriod");
      if (threshold < 2) {
        throw new IllegalArgumentException(
            "problem threshold must be at least 2, got " + threshold);
      }
    }

    /** 3 incidents in 7 days; a fix proves itself over 7 days. */
    public static ProblemRules defaults() {
      return new ProblemRules(3, Duration.ofDays(7), Duration.ofDays(7));
    }
  }

  /**
   * The change gate's error-budget policy.
   *
   * @param freezeBelow normal changes are denied when an SLO's remaining budget is at or below this
   *     fraction (0: when the budget is spent)
   * @param freezeOnMajorIncident normal changes are denied while the service has an open P1/P2
   *     incident
   * @param standardBypassesBudgetFreeze standard (pre-approved) changes pass a budget freeze; they
   *     are still denied during a major incident
   * @param services per-service overrides of {@code freezeBelow} and {@code freezeOnMajorIncident}
   */
  public record GatePolicy(
      double freezeBelow,
      boolean freezeOnMajorIncident,
      boolean standardBypassesBudgetFreeze,
      Map<String, ServiceGate> services) {
    /** Checks the policy and copies the overrides. */
    public GatePolicy {
      services = Map.copyOf(services);
      if (!Double.isFinite(freezeBelow) || freezeBelow > 1) {
        throw new IllegalArgumentException(
            "freezeBelow must be a fraction <= 1, got " + freezeBelow);
      }
    }

    /** Freeze at 0 remaining, freeze on P1/P2, standard changes pass a budget freeze. */
    public static GatePolicy defaults() {
      return new GatePolicy(0, true, true, Map.of());
    }

    /** The effective policy of one service. */
    public ServiceGate forService(String service) {
      return services.getOrDefault(service, new ServiceGate(freezeBelow, freezeOnMajorIncident));
    }
  }

  /**
   * One service's gate policy.
   *
   * @param freezeBelow deny normal changes at or below this remaining budget
   * @param freezeOnMajorIncident deny normal changes during an open P1/P2 incident
   */
  public record ServiceGate(double freezeBelow, boolean freezeOnMajorIncident) {}

  /**
   * Limits and label mapping of the alert webhooks.
   *
   * @param maxBodyBytes the largest accepted body (413 above)
   * @param maxAlerts the most alerts in one payload (413 above)
   * @param serviceLabels labels that name the service, first present wins
   */
  public record WebhookRules(int maxBodyBytes, int maxAlerts, List<String> serviceLabels) {
    /** Checks the rules. */
    public WebhookRules {
      serviceLabels = List.copyOf(serviceLabels);
      if (maxBodyBytes < 1024) {
        throw new IllegalArgumentException(
            "maxBodyBytes must be at least 1024, got " + maxBodyBytes);
      }
      if (maxAlerts < 1) {
        throw new IllegalArgumentException("maxAlerts must be positive, got " + maxAlerts);
      }
      if (serviceLabels.isEmpty()) {
        throw new IllegalArgumentException("serviceLabels must name at least one label");
      }
    }

    /** 1 MiB, 1000 alerts, labels service, job, app. */
    public static WebhookRules defaults() {
      return new WebhookRules(1 << 20, 1000, List.of("service", "job", "app"));
    }
  }

  /**
   * How the outbox delivers to ITSM tools.
   *
   * @param workers delivery threads
   * @param pollInterval how often idle workers look for due messages (they are also woken at once
   *     when a record changes)
   * @param initialBackoff the first retry delay; it doubles per attempt, with full jitter
   * @param maxBackoff the longest retry delay
   * @param maxAttempts attempts before a message is marked dead (0: retry forever)
   * @param requestTimeout the HTTP timeout of one request
   * @param lease how long a claimed message is reserved for one worker; a crashed worker's message
   *     is retried after it (must exceed a delivery's requests)
   * @param inDoubtDelay how long after an attempt whose outcome is unknown a create is searched for
   *     before it is sent again (covers search-index lag)
   * @param retention how long delivered messages are kept (for audit) before they are purged
   */
  public record OutboxSettings(
      int workers,
      Duration pollInterval,
      Duration initialBackoff,
      Duration maxBackoff,
      int maxAttempts,
      Duration requestTimeout,
      Duration lease,
      Duration inDoubtDelay,
      Duration retention) {

    /** Settings with the default retention of delivered messages (30 days). */
    public OutboxSettings(
        int workers,
        Duration pollInterval,
        Duration initialBackoff,
        Duration maxBackoff,
        int maxAttempts,
        Duration requestTimeout,
        Duration lease,
        Duration inDoubtDelay) {
      this(
          workers,
          pollInterval,
          initialBackoff,
          maxBackoff,
          maxAttempts,
          requestTimeout,
          lease,
          inDoubtDelay,
          Duration.ofDays(30));
    }

    /** Checks the settings. */
    public OutboxSettings {
      requireNonNull(retention, "retention");
      if (retention.compareTo(Duration.ofHours(1)) < 0) {
        throw new IllegalArgumentException(
            "outbox retention must be at least 1h, got " + retention);
      }
      if (workers < 1 || workers > 64) {
        throw new IllegalArgumentException("outbox workers must be 1..64, got " + workers);
      }
      positive(pollInterval, "pollInterval");
      positive(initialBackoff, "initialBackoff");
      positive(maxBackoff, "maxBackoff");
      positive(requestTimeout, "requestTimeout");
      positive(lease, "lease");
      requireNonNull(inDoubtDelay, "inDoubtDelay");
      if (maxAttempts < 0) {
        throw new IllegalArgumentException("maxAttempts must not be negative, got " + maxAttempts);
      }
      if (lease.compareTo(requestTimeout.multipliedBy(4)) < 0) {
        throw new IllegalArgumentException(
            "lease " + lease + " must be at least 4 x requestTimeout " + requestTimeout);
      }
    }

    /**
     * 2 workers, 200ms poll, 1s..5m backoff, retry forever, 10s timeout, 120s lease, 30s in doubt.
     */
    public static OutboxSettings defaults() {
      return new OutboxSettings(
          2,
          Duration.ofMillis(200),
          Duration.ofSeconds(1),
          Duration.ofMinutes(5),
          0,
          Duration.ofSeconds(10),
          Duration.ofSeconds(120),
          Duration.ofSeconds(30));
    }
  }

  /**
   * Which records a connector receives.
   *
   * @param kinds record kinds: incident, problem, change (empty: all the connector supports)
   * @param services only these services (empty: all)
   * @param severities only these severities, page or ticket (empty: all; problems and changes have
   *     none and always match)
   * @param maxPriority only incidents of this priority or more urgent (4: all)
   * @param labels only records that carry every one of these labels with one of its values (empty:
   *     all); incidents carry the labels of their alerts, problems and changes carry none
   */
  public record Match(
      Set<String> kinds,
      Set<String> services,
      Set<String> severities,
      int maxPriority,
      Map<String, Set<String>> labels) {
    /** The most labels one rule may name. */
    public static final int MAX_LABELS = 32;

    /** Checks the rule and copies its sets. */
    public Match {
      kinds = Set.copyOf(kinds);
      services = Set.copyOf(services);
      severities = Set.copyOf(severities);
      labels = MatchRules.check(kinds, severities, maxPriority, labels);
    }

    /** A rule without labels. */
    public Match(Set<String> kinds, Set<String> services, Set<String> severities, int maxPriority) {
      this(kinds, services, severities, maxPriority, Map.of());
    }

    /** Everything. */
    public static Match all() {
      return new Match(Set.of(), Set.of(), Set.of(), 4);
    }

    /** Whether records carrying {@code recordLabels} pass the labels rule. */
    public boolean labelsMatch(Map<String, String> recordLabels) {
      return MatchRules.labelsMatch(labels, recordLabels);
    }
  }

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
}
