package dev.burnrate.bridge.internal.connector.webhook;

import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Secret;
import dev.burnrate.yaml.YamlNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A webhook's custom headers (such as an API key the receiver asks for). Every value is kept as a
 * {@link Secret}: it never shows in the settings' {@code toString}, and it is masked wherever the
 * outbox stores or logs a receiver's answer. In the settings each header is the credential {@code
 * headers.<Name>}.
 */
public final class WebhookHeaders {
  /** The prefix of a header's key among the connector's credentials. */
  public static final String PREFIX = "headers.";

  /**
   * Headers Burnrate sets itself, or that the HTTP client owns (the JDK refuses to send {@code
   * Connection}, {@code Content-Length}, {@code Expect}, {@code Host} and {@code Upgrade}).
   */
  static final Set<String> RESERVED =
      Set.of(
          "accept",
          "connection",
          "content-length",
          "content-type",
          "expect",
          "host",
          "upgrade",
          "user-agent");

  private static final String TCHAR = "!#$%&'*+-.^_`|~";

  private WebhookHeaders() {}

  /**
   * The headers of a {@code headers:} mapping as credentials keyed {@code headers.<Name>}; a bad
   * name or value is an error at its place in the file.
   */
  public static Map<String, String> parse(YamlNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> seen = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : n.mapping(null).entrySet()) {
      String name = e.getKey();
      String problem = problem(name);
      if (problem == null) {
        String earlier = seen.put(name.toLowerCase(Locale.ROOT), name);
        if (earlier != null) {
          problem = "header '" + name + "' is given twice (as '" + earlier + "')";
        }
      }
      if (problem != null) {
        throw e.getValue().error(problem);
      }
      String value = e.getValue().nonBlank();
      String bad = valueProblem(name, value);
      if (bad != null) {
        throw e.getValue().error(bad);
      }
      out.put(PREFIX + name, value);
    }
    return out;
  }

  /** Checks one header, as the settings' constructor does for headers given as a map. */
  public static void check(String name, String value) {
    String problem = problem(name);
    if (problem == null) {
      problem = valueProblem(name, value);
    }
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** What is wrong with a header name, or null when it may be sent. */
  static String problem(String name) {
    if (name.isEmpty()) {
      return "a header name must not be empty";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean token =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || TCHAR.indexOf(c) >= 0;
      if (!token) {
        return "header name '"
            + name
            + "' may hold only letters, digits and !#$%&'*+-.^_`|~ (an HTTP token)";
      }
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (RESERVED.contains(lower) || lower.startsWith("x-burnrate-")) {
      return "header '"
          + name
          + "' is set by Burnrate itself; custom headers cannot replace Accept, Content-Type,"
          + " Content-Length, Host, User-Agent, Connection, Expect, Upgrade or X-Burnrate-*";
    }
    return null;
  }

  private static String valueProblem(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return "the value of header '" + name + "' holds a control character";
      }
    }
    return null;
  }

  /** The custom headers of a connector, by name, in no particular order. */
  public static Map<String, Secret> of(ConnectorSettings s) {
    Map<String, Secret> out = new LinkedHashMap<>();
    s.secrets()
        .forEach(
            (k, v) -> {
              if (k.startsWith(PREFIX)) {
                out.put(k.substring(PREFIX.length()), v);
              }
            });
    return out;
  }
}
