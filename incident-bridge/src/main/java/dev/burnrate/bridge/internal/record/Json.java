package dev.burnrate.bridge.internal.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The one JSON mapper of the bridge and small helpers around it. */
public final class Json {
  /**
   * The shared mapper; it writes an {@link Instant} as ISO-8601 text, as every response and payload
   * has always carried times.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(
              new SimpleModule("burnrate-times")
                  .addSerializer(Instant.class, ToStringSerializer.instance))
          .build();

  private Json() {}

  /** A new empty object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A new empty array. */
  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** An array of strings. */
  public static ArrayNode strings(Collection<String> values) {
    ArrayNode a = array();
    values.forEach(a::add);
    return a;
  }

  /** An object of string values. */
  public static ObjectNode stringMap(Map<String, String> values) {
    ObjectNode o = object();
    values.forEach(o::put);
    return o;
  }

  /** Puts an instant as ISO-8601 text, or null. */
  public static void put(ObjectNode o, String field, Instant value) {
    if (value == null) {
      o.putNull(field);
    } else {
      o.put(field, value.toString());
    }
  }

  /** Serialises a node or a record. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses JSON text; invalid JSON is an IllegalArgumentException. */
  public static JsonNode read(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A JSON array of strings stored by the bridge itself, as a list. */
  public static List<String> stringList(String json) {
    List<String> out = new ArrayList<>();
    read(json == null ? "[]" : json).forEach(x -> out.add(x.asText()));
    return List.copyOf(out);
  }

  /** Parses JSON stored by the bridge itself. */
  public static ObjectNode readObject(String text) {
    JsonNode n = read(text == null ? "{}" : text);
    return n instanceof ObjectNode o ? o : object();
  }
}
