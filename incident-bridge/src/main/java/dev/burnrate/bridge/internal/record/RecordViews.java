package dev.burnrate.bridge.internal.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The JSON shape of what every record kind shares: links, timeline, pages. */
public final class RecordViews {
  private RecordViews() {}

  /** A record's links, seen from {@code self}. */
  public static ArrayNode links(List<Link> links, String self) {
    ArrayNode a = Json.array();
    for (Link l : links) {
      ObjectNode o = a.addObject();
      boolean outgoing = l.sourceKey().equals(self);
      o.put("key", outgoing ? l.targetKey() : l.sourceKey());
      o.put("relation", l.relation());
      o.put("direction", outgoing ? "outgoing" : "incoming");
      putNullable(o, "url", l.url());
      Json.put(o, "createdAt", l.createdAt());
      o.put("createdBy", l.createdBy());
    }
    return a;
  }

  /** A record's timeline. */
  public static ArrayNode timeline(List<TimelineEntry> entries) {
    ArrayNode a = Json.array();
    for (TimelineEntry t : entries) {
      ObjectNode o = a.addObject();
      Json.put(o, "at", t.at());
      o.put("kind", t.kind());
      o.put("message", t.message());
      o.put("actor", t.actor());
      o.set("details", t.details());
    }
    return a;
  }

  /** Puts a string, or null. */
  public static void putNullable(ObjectNode o, String field, String value) {
    if (value == null) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }
}
