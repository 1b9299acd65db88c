package dev.burnrate.bridge;

import dev.burnrate.bridge.internal.change.ChangePolicy;
import dev.burnrate.yaml.YamlNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the {@code bridge:} section into {@link BridgeSettings}: each absent key keeps its default,
 * each error reads {@code file:line:column: key: message}. Connectors are read by {@link
 * ConnectorSettingsYaml}.
 */
final class BridgeSettingsYaml {
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

  private BridgeSettingsYaml() {}

  /** Settings from a mapping already loaded, such as the connectors of burnrate.yaml. */
  static BridgeSettings fromMap(Map<String, ?> section, String source, String path) {
    Node node;
    try {
      node =
          new org.snakeyaml.engine.v2.representer.StandardRepresenter(
                  org.snakeyaml.engine.v2.api.DumpSettings.builder().build())
              .represent(section);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(source + ": " + path + ": " + e.getMessage(), e);
    }
    return read(YamlNode.of(node, source, path).withEnvironment(System::getenv));
  }

  static BridgeSettings read(YamlNode root) {
    BridgeSettings d = BridgeSettings.defaults();
    Map<String, YamlNode> m = root.mapping(TOP_KEYS);
    Duration quiet =
        m.containsKey("quietPeriod") ? m.get("quietPeriod").duration() : d.quietPeriod();
    boolean auto = m.containsKey("autoResolve") ? m.get("autoResolve").bool() : d.autoResolve();
    Duration tick =
        m.containsKey("tickInterval") ? positive(m.get("tickInterval")) : d.tickInterval();
    PriorityRules pr =
        m.containsKey("priorities") ? priorities(m.get("priorities")) : d.priorities();
    ProblemRules pb = m.containsKey("problems") ? problems(m.get("problems")) : d.problems();
    Duration corr = d.changeCorrelationWindow();
    ChangePolicy cp = d.changePolicy();
    if (m.containsKey("changes")) {
      cp = ChangePolicy.parse(m.get("changes"));
      Map<String, YamlNode> c = m.get("changes").mapping(null);
      if (c.containsKey("correlationWindow")) {
        corr = positive(c.get("correlationWindow"));
      }
    }
    GatePolicy gate = m.containsKey("gate") ? gate(m.get("gate")) : d.gate();
    WebhookRules wh = m.containsKey("webhooks") ? webhooks(m.get("webhooks")) : d.webhooks();
    OutboxSettings ob = m.containsKey("outbox") ? outbox(m.get("outbox")) : d.outbox();
    List<ConnectorSettings> cs =
        m.containsKey("connectors")
            ? ConnectorSettingsYaml.connectors(m.get("connectors"))
            : d.connectors();
    Optional<Path> services =
        m.containsKey("servicesFile")
            ? Optional.of(Path.of(m.get("servicesFile").nonBlank()))
            : Optional.empty();
    ResponseSettings rs = ResponseSettings.parse(m.get("assignment"), m.get("response"));
    return new BridgeSettings(quiet, auto, tick, pr, pb, corr, gate, wh, ob, cs, services, cp, rs);
  }

  static Duration positive(YamlNode n) {
    Duration d = n.duration();
    if (d.isZero() || d.isNegative()) {
      throw n.error("must be longer than zero");
    }
    return d;
  }

  private static PriorityRules priorities(YamlNode n) {
    PriorityRules d = PriorityRules.defaults();
    Map<String, YamlNode> m =
        n.mapping(
            Set.of("p1MaxLongWindow", "p1MinFactor", "p3MaxLongWindow", "noDataOpensIncident"));
    double f = m.containsKey("p1MinFactor") ? m.get("p1MinFactor").number() : d.p1MinFactor();
    if (!(f > 0)) {
      throw m.get("p1MinFactor").error("must be positive");
    }
    return new PriorityRules(
        m.containsKey("p1MaxLongWindow") ? positive(m.get("p1MaxLongWindow")) : d.p1MaxLongWindow(),
        f,
        m.containsKey("p3MaxLongWindow") ? positive(m.get("p3MaxLongWindow")) : d.p3MaxLongWindow(),
        m.containsKey("noDataOpensIncident")
            ? m.get("noDataOpensIncident").bool()
            : d.noDataOpensIncident());
  }

  private static ProblemRules problems(YamlNode n) {
    Map<String, YamlNode> m = n.mapping(Set.of("threshold", "window", "fixQuietPeriod"));
    ProblemRules d = ProblemRules.defaults();
    return new ProblemRules(
        m.containsKey("threshold") ? m.get("threshold").integer(2, 1000) : d.threshold(),
        m.containsKey("window") ? positive(m.get("window")) : d.window(),
        m.containsKey("fixQuietPeriod") ? positive(m.get("fixQuietPeriod")) : d.fixQuietPeriod());
  }

  private static GatePolicy gate(YamlNode n) {
    Map<String, YamlNode> m =
        n.mapping(Set.of("freezeBelow", "freezeOnMajorIncident", "standardChanges", "services"));
    GatePolicy d = GatePolicy.defaults();
    double below = m.containsKey("freezeBelow") ? fraction(m.get("freezeBelow")) : d.freezeBelow();
    boolean major =
        m.containsKey("freezeOnMajorIncident")
            ? m.get("freezeOnMajorIncident").bool()
            : d.freezeOnMajorIncident();
    boolean std = d.standardBypassesBudgetFreeze();
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

  private static WebhookRules webhooks(YamlNode n) {
    Map<String, YamlNode> m = n.mapping(Set.of("maxBodyBytes", "maxAlerts", "serviceLabels"));
    WebhookRules d = WebhookRules.defaults();
    List<String> labels =
        m.containsKey("serviceLabels") ? m.get("serviceLabels").strings() : d.serviceLabels();
    if (labels.isEmpty()) {
      throw m.get("serviceLabels").error("must name at least one label");
    }
    return new WebhookRules(
        m.containsKey("maxBodyBytes")
            ? m.get("maxBodyBytes").integer(1024, 64 << 20)
            : d.maxBodyBytes(),
        m.containsKey("maxAlerts") ? m.get("maxAlerts").integer(1, 100_000) : d.maxAlerts(),
        labels);
  }

  private static OutboxSettings outbox(YamlNode n) {
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
    OutboxSettings d = OutboxSettings.defaults();
    try {
      return new OutboxSettings(
          m.containsKey("workers") ? m.get("workers").integer(1, 64) : d.workers(),
          m.containsKey("pollInterval") ? positive(m.get("pollInterval")) : d.pollInterval(),
          m.containsKey("initialBackoff") ? positive(m.get("initialBackoff")) : d.initialBackoff(),
          m.containsKey("maxBackoff") ? positive(m.get("maxBackoff")) : d.maxBackoff(),
          m.containsKey("maxAttempts")
              ? m.get("maxAttempts").integer(0, 1_000_000)
              : d.maxAttempts(),
          m.containsKey("requestTimeout") ? positive(m.get("requestTimeout")) : d.requestTimeout(),
          m.containsKey("lease") ? positive(m.get("lease")) : d.lease(),
          m.containsKey("inDoubtDelay") ? m.get("inDoubtDelay").duration() : d.inDoubtDelay(),
          m.containsKey("retention") ? m.get("retention").duration() : d.retention());
    } catch (IllegalArgumentException e) {
      if (e.getMessage().startsWith(n.location().toString())) {
        throw e;
      }
      throw n.error(e.getMessage());
    }
  }
}
