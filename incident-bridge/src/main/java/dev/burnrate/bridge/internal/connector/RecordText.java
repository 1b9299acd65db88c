package dev.burnrate.bridge.internal.connector;

import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.outbox.ChangeSnapshot;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot;
import dev.burnrate.bridge.internal.outbox.ProblemSnapshot;
import dev.burnrate.bridge.internal.outbox.Snapshot;
import dev.burnrate.bridge.internal.record.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The text a ticketing tool gets about a record (Freshservice, ServiceDesk Plus, TeamDynamix): the
 * event's message, then the record's fields people read, one per line.
 */
public final class RecordText {
  private RecordText() {}

  /** The tag {@code burnrate-<KEY>} that marks a tool's copy of a record, such as a label. */
  public static String tag(String recordKey) {
    return "burnrate-" + recordKey;
  }

  /** The marker {@code [burnrate-<KEY>]} in the description of a tool's copy of a record. */
  public static String marker(String recordKey) {
    return "[" + tag(recordKey) + "]";
  }

  /** The message and the record's plain fields, then its impacted services, then {@code last}. */
  public static List<String> lines(Delivery d, String last) {
    List<String> lines = new ArrayList<>();
    lines.add(d.message());
    lines.addAll(fields(d.record(), false));
    lines.add(last);
    return lines;
  }

  /**
   * The record's fields people read, one {@code name: value} line each in one order (service, slo,
   * priority, severity, state, source, changeKind, rootCause, workaround; those the record has and
   * are set), then its impacted services if any.
   *
   * @param changeSource whether a change's structured {@code source} is listed, as an empty line
   */
  public static List<String> fields(Snapshot record, boolean changeSource) {
    List<String> lines = new ArrayList<>();
    BiConsumer<String, Object> field =
        (name, value) -> {
          if (value != null) {
            lines.add(name + ": " + value);
          }
        };
    switch (record) {
      case IncidentSnapshot i -> {
        field.accept("service", i.service());
        field.accept("slo", i.slo());
        field.accept(
            "priority", i.priority() == null ? null : Priority.format(i.priority().number()));
        field.accept("severity", i.severity());
        field.accept("state", record.stateName());
        field.accept("source", i.source());
      }
      case ProblemSnapshot p -> {
        field.accept("slo", p.slo());
        field.accept("state", record.stateName());
        field.accept("rootCause", p.rootCause());
        field.accept("workaround", p.workaround());
      }
      case ChangeSnapshot ch -> {
        field.accept("service", ch.service());
        field.accept("state", record.stateName());
        field.accept("source", changeSource && ch.source() != null ? "" : null);
        field.accept("changeKind", ch.changeKind());
      }
    }
    if (record instanceof IncidentSnapshot i && !i.impactedServices().isEmpty()) {
      lines.add("impacted services: " + ToolJson.strings(i.impactedServices()));
    }
    return lines;
  }

  /**
   * The note of a delivery's event as HTML: its message (a known error's with the problem's
   * workaround) and the delivery's event marker, a paragraph each.
   */
  public static String noteHtml(Delivery d) {
    String text = d.message();
    if (d.event().equals("known_error")
        && d.record() instanceof ProblemSnapshot p
        && p.workaround() != null) {
      text += "\nWorkaround: " + p.workaround();
    }
    return "<p>" + html(text) + "</p><p>" + html(d.eventMarker()) + "</p>";
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
