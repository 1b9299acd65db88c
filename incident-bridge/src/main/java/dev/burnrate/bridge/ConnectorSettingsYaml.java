package dev.burnrate.bridge;

import dev.burnrate.bridge.internal.connector.stackstorm.Runbooks;
import dev.burnrate.bridge.internal.connector.webhook.WebhookHeaders;
import dev.burnrate.bridge.internal.record.Priority;
import dev.burnrate.yaml.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code connectors} of the bridge section, each with its routing rule ({@code match}).
 */
final class ConnectorSettingsYaml {
  private ConnectorSettingsYaml() {}

  /** A list of connectors with names, or a mapping from name to connector. */
  static List<ConnectorSettings> connectors(YamlNode list) {
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    if (list.isMapping()) {
      entries.putAll(list.mapping(null));
    } else {
      List<YamlNode> items = list.sequence();
      for (int i = 0; i < items.size(); i++) {
        entries.put("#" + i, items.get(i));
      }
    }
    List<ConnectorSettings> cs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Map.Entry<String, YamlNode> e : entries.entrySet()) {
      YamlNode n = e.getValue();
      ConnectorSettings c = connector(n, e.getKey().startsWith("#") ? null : e.getKey());
      if (!names.add(c.name())) {
        throw n.error("another connector is already named '" + c.name() + "'");
      }
      cs.add(c);
    }
    return cs;
  }

  private static ConnectorSettings connector(YamlNode n, String key) {
    Map<String, YamlNode> m = n.mapping(null);
    for (String k : List.of("name", "type", "url")) {
      boolean implied =
          key != null
              && (k.equals("name") || (k.equals("type") && ConnectorKeys.OPTIONS.containsKey(key)));
      if (!m.containsKey(k) && !implied) {
        throw n.error("missing key '" + k + "'");
      }
    }
    String type = m.containsKey("type") ? m.get("type").text() : key;
    String name = m.containsKey("name") ? m.get("name").nonBlank() : key;
    if (!ConnectorKeys.OPTIONS.containsKey(type)) {
      throw m.get("type")
          .error(
              "unknown connector type '"
                  + type
                  + "'; expected one of "
                  + ConnectorKeys.OPTIONS.keySet().stream().sorted().toList());
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
      if (!ConnectorKeys.OPTIONS.get(type).contains(k)
          && !ConnectorKeys.SECRETS.get(type).contains(k)) {
        Set<String> allowed = new java.util.TreeSet<>(ConnectorKeys.OPTIONS.get(type));
        allowed.addAll(ConnectorKeys.SECRETS.get(type));
        allowed.addAll(Set.of("name", "type", "url", "match"));
        if (type.equals("webhook")) {
          allowed.add("headers");
        }
        throw e.getValue()
            .error("unknown key for a " + type + " connector; expected one of " + allowed);
      }
      values.put(k, e.getValue().nonBlank());
    }
    Match match = m.containsKey("match") ? match(m.get("match")) : Match.all();
    try {
      return ConnectorSettings.of(name, type, url, values, match);
    } catch (IllegalArgumentException e) {
      throw n.error(e.getMessage());
    }
  }

  private static Match match(YamlNode n) {
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
