package dev.burnrate.bridge.internal.connector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import java.util.ArrayList;
import java.util.List;

/**
 * The text a ticketing tool gets about a record (Freshservice, ServiceDesk Plus, TeamDynamix): the
 * event's message, then the record's fields people read, one per line.
 */
public final class RecordText {
  private static final List<String> FIELDS =
      List.of(
          "service",
          "slo",
          "priority",
          "severity",
          "state",
          "source",
          "changeKind",
          "rootCause",
          "workaround");

  private RecordText() {}

  /** The message and the record's plain fields, then its impacted services, then {@code last}. */
  public static List<String> lines(Delivery d, String last) {
    JsonNode rec = d.record();
    List<String> lines = new ArrayList<>();
    lines.add(d.message());
    for (String field : FIELDS) {
      JsonNode v = rec.get(field);
      if (v != null && !v.isNull() && v.isValueNode()) {
        lines.add(field + ": " + v.asText());
      }
    }
    if (rec.path("impactedServices").size() > 0) {
      lines.add("impacted services: " + rec.path("impactedServices").toString());
    }
    lines.add(last);
    return lines;
  }

  /** The lines as HTML paragraphs, each escaped. */
  public static String paragraphs(List<String> lines) {
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      b.append("<p>").append(html(l)).append("</p>");
    }
    return b.toString();
  }

  /** Text escaped for an HTML body; line breaks become {@code <br>}. */
  public static String html(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        case '\n' -> b.append("<br>");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
