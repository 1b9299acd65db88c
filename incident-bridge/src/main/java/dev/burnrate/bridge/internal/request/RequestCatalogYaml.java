package dev.burnrate.bridge.internal.request;

import dev.burnrate.bridge.Secret;
import dev.burnrate.bridge.internal.request.FieldSpec.FieldType;
import dev.burnrate.bridge.internal.request.RequestType.Approval;
import dev.burnrate.yaml.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the {@code requestTypes:} and {@code automation:} sections of a catalog file, with {@code
 * file:line:column} errors.
 */
public final class RequestCatalogYaml {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");
  private static final Set<String> TYPE_KEYS =
      Set.of("description", "fields", "approval", "fulfilment", "target", "timeout");
  private static final Set<String> FIELD_KEYS =
      Set.of("type", "required", "pattern", "values", "description");

  private RequestCatalogYaml() {}

  private record Automation(
      Optional<URI> st2Url, Optional<Secret> st2Key, Map<String, Fulfilment.Webhook> webhooks) {}

  /** The catalog of the two sections, either of which may be null. */
  public static RequestCatalog parse(YamlNode requestTypes, YamlNode automation) {
    Automation auto = automation(automation);
    List<RequestType> types = new ArrayList<>();
    if (requestTypes != null) {
      for (Map.Entry<String, YamlNode> e : requestTypes.mapping(null).entrySet()) {
        YamlNode node = e.getValue();
        String name = e.getKey();
        if (!NAME.matcher(name).matches()) {
          throw node.error("request type names are lower-case letters, digits, '_' and '-'");
        }
        if (name.equals(RequestCatalog.FREEZE_EXCEPTION)
            || name.equals(RequestCatalog.BUDGET_RESET)) {
          throw node.error("'" + name + "' is a built-in request type");
        }
        types.add(type(name, node, auto));
      }
    }
    return RequestCatalog.of(types);
  }

  private static RequestType type(String name, YamlNode node, Automation auto) {
    Map<String, YamlNode> m = node.mapping(TYPE_KEYS);
    List<FieldSpec> fields = new ArrayList<>();
    if (m.containsKey("fields")) {
      for (Map.Entry<String, YamlNode> f : m.get("fields").mapping(null).entrySet()) {
        if (!FIELD.matcher(f.getKey()).matches()) {
          throw f.getValue()
              .error("field names are letters, digits and '_', starting with a letter");
        }
        fields.add(field(f.getKey(), f.getValue()));
      }
    }
    Approval approval = new Approval(true, List.of());
    if (m.containsKey("approval")) {
      Map<String, YamlNode> a = m.get("approval").mapping(Set.of("required", "approvers"));
      boolean required = !a.containsKey("required") || a.get("required").bool();
      List<String> approvers =
          a.containsKey("approvers") ? a.get("approvers").strings() : List.of();
      if (!required && !approvers.isEmpty()) {
        throw a.get("approvers").error("approvers only apply when approval is required");
      }
      if (approvers.stream().anyMatch(String::isBlank)) {
        throw a.get("approvers").error("approver names must not be empty");
      }
      approval = new Approval(required, approvers);
    }
    Fulfilment fulfilment =
        m.containsKey("fulfilment")
            ? fulfilment(m.get("fulfilment"), fields, auto)
            : new Fulfilment.Manual();
    Optional<Duration> target =
        m.containsKey("target") ? Optional.of(positive(m.get("target"))) : Optional.empty();
    Duration timeout = m.containsKey("timeout") ? positive(m.get("timeout")) : Duration.ofHours(1);
    String description = m.containsKey("description") ? m.get("description").text() : "";
    return new RequestType(name, description, false, fields, approval, fulfilment, target, timeout);
  }

  private static FieldSpec field(String name, YamlNode node) {
    Map<String, YamlNode> m = node.mapping(FIELD_KEYS);
    YamlNode t = m.get("type");
    FieldType type = FieldType.STRING;
    if (t != null) {
      String wire = t.text();
      type =
          Arrays.stream(FieldType.values())
              .filter(x -> x.wire().equals(wire))
              .findFirst()
              .orElseThrow(
                  () ->
                      t.error(
                          "unknown field type '"
                              + wire
                              + "'; expected one of "
                              + Arrays.stream(FieldType.values()).map(FieldType::wire).toList()));
    }
    boolean required = m.containsKey("required") && m.get("required").bool();
    Pattern pattern = null;
    if (m.containsKey("pattern")) {
      if (type != FieldType.STRING && type != FieldType.EMAIL) {
        throw m.get("pattern").error("a pattern applies to string and email fields only");
      }
      try {
        pattern = Pattern.compile(m.get("pattern").nonBlank());
      } catch (PatternSyntaxException e) {
        throw m.get("pattern").error("not a regular expression: " + e.getDescription());
      }
    }
    List<String> values = List.of();
    if (m.containsKey("values")) {
      if (type != FieldType.ENUM) {
        throw m.get("values").error("values apply to enum fields only");
      }
      values = m.get("values").strings();
      if (new LinkedHashSet<>(values).size() != values.size()) {
        throw m.get("values").error("lists a value twice");
      }
    }
    if (type == FieldType.ENUM && values.isEmpty()) {
      throw node.error("an enum field needs values");
    }
    String description = m.containsKey("description") ? m.get("description").text() : "";
    return new FieldSpec(name, type, required, pattern, values, description);
  }

  private static Fulfilment fulfilment(YamlNode n, List<FieldSpec> fields, Automation auto) {
    if (!n.isMapping()) {
      String mode = n.text().toLowerCase(Locale.ROOT);
      if (mode.equals("manual")) {
        return new Fulfilment.Manual();
      }
      throw n.error("expected manual, or a mapping with stackstorm or webhook");
    }
    Map<String, YamlNode> m = n.mapping(Set.of("stackstorm", "webhook"));
    if (m.size() != 1) {
      throw n.error("give one of stackstorm or webhook");
    }
    if (m.containsKey("webhook")) {
      YamlNode w = m.get("webhook");
      Fulfilment.Webhook hook = auto.webhooks().get(w.text());
      if (hook == null) {
        throw w.error(
            "unknown webhook '"
                + w.text()
                + "'; automation.webhooks has "
                + new TreeSet<>(auto.webhooks().keySet()));
      }
      return hook;
    }
    YamlNode s = m.get("stackstorm");
    if (auto.st2Url().isEmpty()) {
      throw s.error("a StackStorm fulfilment needs automation.stackstorm (url and apiKey)");
    }
    Map<String, YamlNode> sm = s.mapping(Set.of("action", "parameters"));
    if (!sm.containsKey("action")) {
      throw s.error("missing key 'action' (a StackStorm action ref such as pack.action)");
    }
    String action = sm.get("action").nonBlank();
    if (!action.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_.-]+")) {
      throw sm.get("action").error("an action ref is pack.action, got '" + action + "'");
    }
    Set<String> names = new TreeSet<>();
    fields.forEach(f -> names.add(f.name()));
    Map<String, String> params = new LinkedHashMap<>();
    if (sm.containsKey("parameters")) {
      for (Map.Entry<String, YamlNode> p : sm.get("parameters").mapping(null).entrySet()) {
        String v = p.getValue().text();
        Matcher x = PLACEHOLDER.matcher(v);
        while (x.find()) {
          if (!names.contains(x.group(1))) {
            throw p.getValue().error("{{" + x.group(1) + "}} names no field; fields: " + names);
          }
        }
        params.put(p.getKey(), v);
      }
    }
    return new Fulfilment.StackStorm(auto.st2Url().get(), auto.st2Key().get(), action, params);
  }

  private static Automation automation(YamlNode n) {
    if (n == null) {
      return new Automation(Optional.empty(), Optional.empty(), Map.of());
    }
    Map<String, YamlNode> m = n.mapping(Set.of("stackstorm", "webhooks"));
    Optional<URI> url = Optional.empty();
    Optional<Secret> key = Optional.empty();
    if (m.containsKey("stackstorm")) {
      Map<String, YamlNode> s = m.get("stackstorm").mapping(Set.of("url", "apiKey"));
      for (String k : List.of("url", "apiKey")) {
        if (!s.containsKey(k)) {
          throw m.get("stackstorm").error("missing key '" + k + "'");
        }
      }
      url = Optional.of(url(s.get("url")));
      key = Optional.of(Secret.of(s.get("apiKey").nonBlank()));
    }
    Map<String, Fulfilment.Webhook> hooks = new LinkedHashMap<>();
    if (m.containsKey("webhooks")) {
      for (Map.Entry<String, YamlNode> e : m.get("webhooks").mapping(null).entrySet()) {
        Map<String, YamlNode> w = e.getValue().mapping(Set.of("url", "secret"));
        for (String k : List.of("url", "secret")) {
          if (!w.containsKey(k)) {
            throw e.getValue().error("missing key '" + k + "'");
          }
        }
        hooks.put(
            e.getKey(),
            new Fulfilment.Webhook(url(w.get("url")), Secret.of(w.get("secret").nonBlank())));
      }
    }
    return new Automation(url, key, hooks);
  }

  private static URI url(YamlNode n) {
    try {
      URI u = new URI(n.nonBlank());
      if (u.getScheme() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw n.error("must be an http(s) URL, got '" + n.text() + "'");
      }
      return u;
    } catch (URISyntaxException e) {
      throw n.error("not a URL: " + e.getMessage());
    }
  }

  private static Duration positive(YamlNode n) {
    Duration d = n.duration();
    if (d.isZero() || d.isNegative()) {
      throw n.error("must be longer than zero");
    }
    return d;
  }
}
