package dev.burnrate.bridge.internal.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.record.Json;
import java.util.Collection;
import java.util.Map;

/**
 * Jackson trees for the tools' own JSON: the bodies a connector sends and the answers it reads.
 * They stay inside {@code connector/}; the rest of the bridge works with records and maps.
 */
public final class ToolJson {
  private ToolJson() {}

  /** A new empty object. */
  public static ObjectNode object() {
    return Json.MAPPER.createObjectNode();
  }

  /** A new empty array. */
  public static ArrayNode array() {
    return Json.MAPPER.createArrayNode();
  }

  /** An array of strings. */
  public static ArrayNode strings(Collection<String> values) {
    ArrayNode a = array();
    values.forEach(a::add);
    return a;
  }

  /** Parses a tool's JSON text; invalid JSON is an IllegalArgumentException. */
  public static JsonNode read(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses an object; anything but an object (or null text) is an empty object. */
  public static ObjectNode readObject(String text) {
    JsonNode n = read(text == null ? "{}" : text);
    return n instanceof ObjectNode o ? o : object();
  }

  /** An object's fields as a map, for what a connector hands back to the outbox. */
  public static Map<String, Object> toMap(ObjectNode o) {
    return Json.MAPPER.convertValue(o, Json.OBJECT);
  }

  /** A map the outbox stored, as an object to compare with a tool's fields. */
  public static ObjectNode toObject(Map<String, ?> m) {
    return Json.MAPPER.valueToTree(m);
  }
}
