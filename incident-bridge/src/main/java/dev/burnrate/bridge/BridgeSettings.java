package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.change.ChangePolicy;
import dev.burnrate.bridge.internal.connector.ConnectorOptions;
import dev.burnrate.bridge.internal.connector.servicedeskplus.ServiceDeskPlusSettings;
import dev.burnrate.bridge.internal.connector.stackstorm.Runbooks;
import dev.burnrate.bridge.internal.connector.teamdynamix.TeamDynamixOptions;
import dev.burnrate.bridge.internal.connector.webhook.WebhookHeaders;
import dev.burnrate.bridge.internal.record.Priority;
import dev.burnrate.yaml.YamlDocuments;
import dev.burnrate.yaml.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

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

  private static final Set<String> TOP_KEYS =
      Set.of(
          "quietPeriod",
          "autoResolve",
          "tickInterval",
          "priorities",
          "problems",
          "changes",
          "gate",
          "webhooks",
          "outbox",
          "connectors",
          "servicesFile",
          "assignment",
          "response");

  /**
   * Settings with the default change policy (every change approved as recorded) and the default
   * response targets.
   */
  public BridgeSettings(
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
      Optional<Path> servicesFile) {
    this(
        quietPeriod,
        autoResolve,
        tickInterval,
        priorities,
        problems,
        changeCorrelationWindow,
        gate,
        webhooks,
        outbox,
        connectors,
        servicesFile,
        ChangePolicy.defaults(),
        ResponseSettings.defaults());
  }

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

  private BridgeSettings copy(java.util.function.Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** Every component of settings, to change some and build anew (checked again then). */
  private static final class Copy {
    Duration quietPeriod;
    boolean autoResolve;
    Duration tickInterval;
    PriorityRules priorities;
    ProblemRules problems;
    Duration changeCorrelationWindow;
    GatePolicy gate;
    WebhookRules webhooks;
    OutboxSettings outbox;
    List<ConnectorSettings> connectors;
    Optional<Path> servicesFile;
    ChangePolicy changePolicy;
    ResponseSettings response;

    Copy(BridgeSettings s) {
      quietPeriod = s.quietPeriod;
      autoResolve = s.autoResolve;
      tickInterval = s.tickInterval;
      priorities = s.priorities;
      problems = s.problems;
      changeCorrelationWindow = s.changeCorrelationWindow;
      gate = s.gate;
      webhooks = s.webhooks;
      outbox = s.outbox;
      connectors = s.connectors;
      servicesFile = s.servicesFile;
      changePolicy = s.changePolicy;
      response = s.response;
    }

    BridgeSettings build() {
      return new BridgeSettings(
          quietPeriod,
          autoResolve,
          tickInterval,
          priorities,
          problems,
          changeCorrelationWindow,
          gate,
          webhooks,
          outbox,
          connectors,
          servicesFile,
          changePolicy,
          response);
    }
  }

  /**
   * Parses the bridge section from YAML text (the section's content, not the whole file); errors
   * read {@code file:line:column: key: message}.
   */
  public static BridgeSettings parse(String yaml, String file) {
    return parse(YamlDocuments.read(file, yaml).withEnvironment(System::getenv));
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
    Node node;
    try {
      node =
          new org.snakeyaml.engine.v2.representer.StandardRepresenter(
                  org.snakeyaml.engine.v2.api.DumpSettings.builder().build())
              .represent(section);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(source + ": " + path + ": " + e.getMessage(), e);
    }
    return parse(YamlNode.of(node, source, path).withEnvironment(System::getenv));
  }

  /**
   * Builds settings from the {@code bridge} section of a file already read; environment references
   * ({@code ${NAME}}) are replaced from the process environment.
   */
  public static BridgeSettings fromNode(YamlNode section) {
    return parse(section.withEnvironment(System::getenv));
  }

  private static BridgeSettings parse(YamlNode root) {
    BridgeSettings d = defaults();
    Map<String, YamlNode> m = root.mapping(TOP_KEYS);
    Duration quiet = m.containsKey("quietPeriod") ? m.get("quietPeriod").duration() : d.quietPeriod;
    boolean auto = m.containsKey("autoResolve") ? m.get("autoResolve").bool() : d.autoResolve;
    Duration tick =
        m.containsKey("tickInterval") ? positive(m.get("tickInterval")) : d.tickInterval;
    PriorityRules pr =
        m.containsKey("priorities") ? PriorityRules.parse(m.get("priorities")) : d.priorities;
    ProblemRules pb =
        m.containsKey("problems") ? ProblemRules.parse(m.get("problems")) : d.problems;
    Duration corr = d.changeCorrelationWindow;
    ChangePolicy cp = d.changePolicy;
    if (m.containsKey("changes")) {
      cp = ChangePolicy.parse(m.get("changes"));
      Map<String, YamlNode> c = m.get("changes").mapping(null);
      if (c.containsKey("correlationWindow")) {
        corr = positive(c.get("correlationWindow"));
      }
    }
    GatePolicy gate = m.containsKey("gate") ? GatePolicy.parse(m.get("gate")) : d.gate;
    WebhookRules wh =
        m.containsKey("webhooks") ? WebhookRules.parse(m.get("webhooks")) : d.webhooks;
    OutboxSettings ob = m.containsKey("outbox") ? OutboxSettings.parse(m.get("outbox")) : d.outbox;
    List<ConnectorSettings> cs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    if (m.containsKey("connectors")) {
      YamlNode list = m.get("connectors");
      // A list of connectors with names, or a mapping from name to connector.
      Map<String, YamlNode> entries = new LinkedHashMap<>();
      if (list.isMapping()) {
        entries.putAll(list.mapping(null));
      } else {
        List<YamlNode> items = list.sequence();
        for (int i = 0; i < items.size(); i++) {
          entries.put("#" + i, items.get(i));
        }
      }
      for (Map.Entry<String, YamlNode> e : entries.entrySet()) {
        YamlNode n = e.getValue();
        ConnectorSettings c =
            ConnectorSettings.parse(n, e.getKey().startsWith("#") ? null : e.getKey());
        if (!names.add(c.name())) {
          throw n.error("another connector is already named '" + c.name() + "'");
        }
        cs.add(c);
      }
    }
    Optional<Path> services =
        m.containsKey("servicesFile")
            ? Optional.of(Path.of(m.get("servicesFile").nonBlank()))
            : Optional.empty();
    ResponseSettings rs = ResponseSettings.parse(m.get("assignment"), m.get("response"));
    return new BridgeSettings(quiet, auto, tick, pr, pb, corr, gate, wh, ob, cs, services, cp, rs);
  }

  private static Duration positive(YamlNode n) {
    Duration d = n.duration();
    if (d.isZero() || d.isNegative()) {
      throw n.error("must be longer than zero");
    }
    return d;
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

    static PriorityRules parse(YamlNode n) {
      PriorityRules d = defaults();
      Map<String, YamlNode> m =
          n.mapping(
              Set.of("p1MaxLongWindow", "p1MinFactor", "p3MaxLongWindow", "noDataOpensIncident"));
      double f = m.containsKey("p1MinFactor") ? m.get("p1MinFactor").number() : d.p1MinFactor;
      if (!(f > 0)) {
        throw m.get("p1MinFactor").error("must be positive");
      }
      return new PriorityRules(
          m.containsKey("p1MaxLongWindow") ? positive(m.get("p1MaxLongWindow")) : d.p1MaxLongWindow,
          f,
          m.containsKey("p3MaxLongWindow") ? positive(m.get("p3MaxLongWindow")) : d.p3MaxLongWindow,
          m.containsKey("noDataOpensIncident")
              ? m.get("noDataOpensIncident").bool()
              : d.noDataOpensIncident);
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

    static ProblemRules parse(YamlNode n) {
      Map<String, YamlNode> m = n.mapping(Set.of("threshold", "window", "fixQuietPeriod"));
      ProblemRules d = defaults();
      return new ProblemRules(
          m.containsKey("threshold") ? m.get("threshold").integer(2, 1000) : d.threshold,
          m.containsKey("window") ? positive(m.get("window")) : d.window,
          m.containsKey("fixQuietPeriod") ? positive(m.get("fixQuietPeriod")) : d.fixQuietPeriod);
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

    static GatePolicy parse(YamlNode n) {
      Map<String, YamlNode> m =
          n.mapping(Set.of("freezeBelow", "freezeOnMajorIncident", "standardChanges", "services"));
      GatePolicy d = defaults();
      double below = m.containsKey("freezeBelow") ? fraction(m.get("freezeBelow")) : d.freezeBelow;
      boolean major =
          m.containsKey("freezeOnMajorIncident")
              ? m.get("freezeOnMajorIncident").bool()
              : d.freezeOnMajorIncident;
      boolean std = d.standardBypassesBudgetFreeze;
      if (m.containsKey("standardChanges")) {
        String v = m.get("standardChanges").text();
        std =
            switch (v) {
              case "allow" -> true;
              case "gate" -> false;
              default ->
                  throw m.get("standardChanges").error("expected allow or gate, got '" + v + "'");
            };
      }
      Map<String, ServiceGate> per = new LinkedHashMap<>();
      if (m.containsKey("services")) {
        for (Map.Entry<String, YamlNode> e : m.get("services").mapping(null).entrySet()) {
          Map<String, YamlNode> s =
              e.getValue().mapping(Set.of("freezeBelow", "freezeOnMajorIncident"));
          per.put(
              e.getKey(),
              new ServiceGate(
                  s.containsKey("freezeBelow") ? fraction(s.get("freezeBelow")) : below,
                  s.containsKey("freezeOnMajorIncident")
                      ? s.get("freezeOnMajorIncident").bool()
                      : major));
        }
      }
      return new GatePolicy(below, major, std, per);
    }

    private static double fraction(YamlNode n) {
      double v = n.number();
      if (v > 1) {
        throw n.error("must be a fraction of the budget, at most 1, got " + v);
      }
      return v;
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

    static WebhookRules parse(YamlNode n) {
      Map<String, YamlNode> m = n.mapping(Set.of("maxBodyBytes", "maxAlerts", "serviceLabels"));
      WebhookRules d = defaults();
      List<String> labels =
          m.containsKey("serviceLabels") ? m.get("serviceLabels").strings() : d.serviceLabels;
      if (labels.isEmpty()) {
        throw m.get("serviceLabels").error("must name at least one label");
      }
      return new WebhookRules(
          m.containsKey("maxBodyBytes")
              ? m.get("maxBodyBytes").integer(1024, 64 << 20)
              : d.maxBodyBytes,
          m.containsKey("maxAlerts") ? m.get("maxAlerts").integer(1, 100_000) : d.maxAlerts,
          labels);
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

    static OutboxSettings parse(YamlNode n) {
      Map<String, YamlNode> m =
          n.mapping(
              Set.of(
                  "workers",
                  "pollInterval",
                  "initialBackoff",
                  "maxBackoff",
                  "maxAttempts",
                  "requestTimeout",
                  "lease",
                  "inDoubtDelay",
                  "retention"));
      OutboxSettings d = defaults();
      try {
        return new OutboxSettings(
            m.containsKey("workers") ? m.get("workers").integer(1, 64) : d.workers,
            m.containsKey("pollInterval") ? positive(m.get("pollInterval")) : d.pollInterval,
            m.containsKey("initialBackoff") ? positive(m.get("initialBackoff")) : d.initialBackoff,
            m.containsKey("maxBackoff") ? positive(m.get("maxBackoff")) : d.maxBackoff,
            m.containsKey("maxAttempts")
                ? m.get("maxAttempts").integer(0, 1_000_000)
                : d.maxAttempts,
            m.containsKey("requestTimeout") ? positive(m.get("requestTimeout")) : d.requestTimeout,
            m.containsKey("lease") ? positive(m.get("lease")) : d.lease,
            m.containsKey("inDoubtDelay") ? m.get("inDoubtDelay").duration() : d.inDoubtDelay,
            m.containsKey("retention") ? m.get("retention").duration() : d.retention);
      } catch (IllegalArgumentException e) {
        if (e.getMessage().startsWith(n.location().toString())) {
          throw e;
        }
        throw n.error(e.getMessage());
      }
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
      for (String k : kinds) {
        if (!Set.of("incident", "problem", "change").contains(k)) {
          throw new IllegalArgumentException(
              "unknown record kind " + k + "; expected incident, problem or change");
        }
      }
      for (String s : severities) {
        if (!Set.of("page", "ticket").contains(s)) {
          throw new IllegalArgumentException("unknown severity " + s + "; expected page or ticket");
        }
      }
      if (maxPriority < 1 || maxPriority > 4) {
        throw new IllegalArgumentException("maxPriority must be 1..4, got " + maxPriority);
      }
      if (labels.size() > MAX_LABELS) {
        throw new IllegalArgumentException(
            "labels may name at most " + MAX_LABELS + " labels, got " + labels.size());
      }
      Map<String, Set<String>> copy = new java.util.TreeMap<>();
      for (Map.Entry<String, Set<String>> e : labels.entrySet()) {
        if (e.getKey().isBlank() || e.getValue().isEmpty()) {
          throw new IllegalArgumentException(
              "labels: each label needs a name and at least one value, got " + e.getKey());
        }
        copy.put(e.getKey(), Set.copyOf(e.getValue()));
      }
      labels = java.util.Collections.unmodifiableMap(copy);
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
      for (Map.Entry<String, Set<String>> e : labels.entrySet()) {
        String v = recordLabels.get(e.getKey());
        if (v == null || !e.getValue().contains(v)) {
          return false;
        }
      }
      return true;
    }

    static Match parse(YamlNode n) {
      Map<String, YamlNode> m =
          n.mapping(Set.of("kinds", "services", "severities", "maxPriority", "labels"));
      try {
        int p = 4;
        if (m.containsKey("maxPriority")) {
          p = Priority.parseNumber(m.get("maxPriority").text());
        }
        Map<String, Set<String>> labels = new java.util.LinkedHashMap<>();
        if (m.containsKey("labels")) {
          for (Map.Entry<String, YamlNode> e : m.get("labels").mapping(null).entrySet()) {
            labels.put(e.getKey(), Set.copyOf(e.getValue().strings()));
          }
        }
        return new Match(
            m.containsKey("kinds") ? Set.copyOf(m.get("kinds").strings()) : Set.of(),
            m.containsKey("services") ? Set.copyOf(m.get("services").strings()) : Set.of(),
            m.containsKey("severities") ? Set.copyOf(m.get("severities").strings()) : Set.of(),
            p,
            labels);
      } catch (NumberFormatException e) {
        throw m.get("maxPriority").error("expected P1..P4");
      } catch (IllegalArgumentException e) {
        if (e.getMessage().startsWith(n.location().toString())) {
          throw e;
        }
        throw n.error(e.getMessage());
      }
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

    /** Option keys per type, and which of them are credentials. */
    private static final Map<String, Set<String>> OPTIONS =
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

    private static final Map<String, Set<String>> SECRETS =
        Map.of(
            "pagerduty", Set.of("routingKey", "apiToken"),
            "webhook", Set.of("secret"),
            "jira", Set.of("token"),
            "servicenow", Set.of("password"),
            "freshservice", Set.of("apiKey"),
            "teamdynamix", Set.of("beid", "webServicesKey"),
            "servicedeskplus", ServiceDeskPlusSettings.SECRETS,
            "stackstorm", Set.of("apiKey"));

    private static final Map<String, Set<String>> REQUIRED =
        Map.of(
            "pagerduty", Set.of("routingKey"),
            "webhook", Set.of("secret"),
            "jira", Set.of("user", "token", "project"),
            "servicenow", Set.of("user", "password"),
            "freshservice", Set.of("apiKey"),
            "teamdynamix", Set.of("beid", "webServicesKey", "appId"),
            "servicedeskplus", Set.of(),
            "stackstorm", Set.of("apiKey", "webhook"));

    /** Checks the connector and copies its maps. */
    public ConnectorSettings {
      requireNonNull(name, "name");
      requireNonNull(type, "type");
      requireNonNull(url, "url");
      requireNonNull(match, "match");
      options = Map.copyOf(options);
      secrets = Map.copyOf(secrets);
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
          WebhookHeaders.check(
              k.substring(WebhookHeaders.PREFIX.length()), secrets.get(k).reveal());
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
    public static ConnectorSettings of(
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

    /** An option, or a default. */
    public String option(String key, String fallback) {
      return options.getOrDefault(key, fallback);
    }

    static ConnectorSettings parse(YamlNode n, String key) {
      Map<String, YamlNode> m = n.mapping(null);
      for (String k : List.of("name", "type", "url")) {
        boolean implied =
            key != null && (k.equals("name") || (k.equals("type") && OPTIONS.containsKey(key)));
        if (!m.containsKey(k) && !implied) {
          throw n.error("missing key '" + k + "'");
        }
      }
      String type = m.containsKey("type") ? m.get("type").text() : key;
      String name = m.containsKey("name") ? m.get("name").nonBlank() : key;
      if (!OPTIONS.containsKey(type)) {
        throw m.get("type")
            .error(
                "unknown connector type '"
                    + type
                    + "'; expected one of "
                    + OPTIONS.keySet().stream().sorted().toList());
      }
      URI url;
      try {
        url = new URI(m.get("url").nonBlank());
      } catch (URISyntaxException e) {
        throw m.get("url").error("not a URL: " + e.getMessage());
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (Map.Entry<String, YamlNode> e : m.entrySet()) {
        String k = e.getKey();
        if (Set.of("name", "type", "url", "match").contains(k)) {
          continue;
        }
        if (type.equals("stackstorm") && k.equals("actions")) {
          values.put(k, Runbooks.parse(e.getValue()));
          continue;
        }
        if (type.equals("webhook") && k.equals("headers")) {
          values.putAll(WebhookHeaders.parse(e.getValue()));
          continue;
        }
        if (!OPTIONS.get(type).contains(k) && !SECRETS.get(type).contains(k)) {
          Set<String> allowed = new java.util.TreeSet<>(OPTIONS.get(type));
          allowed.addAll(SECRETS.get(type));
          allowed.addAll(Set.of("name", "type", "url", "match"));
          if (type.equals("webhook")) {
            allowed.add("headers");
          }
          throw e.getValue()
              .error("unknown key for a " + type + " connector; expected one of " + allowed);
        }
        values.put(k, e.getValue().nonBlank());
      }
      Match match = m.containsKey("match") ? Match.parse(m.get("match")) : Match.all();
      try {
        return of(name, type, url, values, match);
      } catch (IllegalArgumentException e) {
        throw n.error(e.getMessage());
      }
    }
  }
}
