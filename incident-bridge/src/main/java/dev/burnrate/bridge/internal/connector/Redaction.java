package dev.burnrate.bridge.internal.connector;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Takes the connectors' credentials out of text that is stored or logged (a tool or a proxy may
 * echo the request, Authorization header included, in its error body) and bounds its length.
 */
public final class Redaction {
  /** The most characters of an error kept in the outbox or a log line. */
  public static final int MAX_CHARS = 2048;

  static final String MASK = "***";

  private final List<String> needles;

  private Redaction(Set<String> needles) {
    // Longest first, so "user:secret" is masked whole rather than around its "secret".
    this.needles =
        needles.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** Nothing to redact; text is only bounded. */
  public static Redaction none() {
    return new Redaction(Set.of());
  }

  /** Every secret of these connectors, in the forms a tool could echo it. */
  public static Redaction of(List<ConnectorSettings> connectors) {
    Set<String> needles = new LinkedHashSet<>();
    for (ConnectorSettings c : connectors) {
      // Freshservice's Basic credentials are the API key with the password "X".
      String user = c.options().get("user");
      String password = c.type().equals("freshservice") ? "X" : null;
      for (Secret s : c.secrets().values()) {
        String secret = s.reveal();
        addForms(needles, secret);
        if (user != null || password != null) {
          String pair = user != null ? user + ":" + secret : secret + ":" + password;
          addForms(needles, pair);
          needles.add(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
          needles.add(
              Base64.getEncoder()
                  .withoutPadding()
                  .encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
    return new Redaction(needles);
  }

  private static void addForms(Set<String> needles, String s) {
    needles.add(s);
    needles.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
    needles.add(new String(JsonStringEncoder.getInstance().quoteAsString(s)));
  }

  /** The text with every secret masked, cut to {@link #MAX_CHARS}; null stays null. */
  public String apply(String text) {
    return bound(mask(text), MAX_CHARS);
  }

  /** The text with every secret masked, whatever its length. */
  String mask(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String n : needles) {
      if (!n.isEmpty() && out.contains(n)) {
        out = out.replace(n, MASK);
      }
    }
    return out;
  }

  /** The text cut to {@code max} characters, never in the middle of a surrogate pair. */
  static String bound(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = max - 3;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "...";
  }

  /** The needles, for tests. */
  List<String> needles() {
    return new ArrayList<>(needles);
  }
}
