package dev.burnrate.bridge.internal.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one JSON mapper of the bridge and small helpers around it. The tree helpers ({@link
 * #object()} and the like) remain for the record kinds that still build views as trees.
 */
public final class Json {
  /** Free-form JSON objects (timeline details, firing alerts) as maps. */
  public static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  /** JSON arrays of strings as lists. */
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  /** JSON objects of strings as maps. */
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

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
    return List.copyOf(bound(json == null ? "[]" : json, STRINGS));
  }

  /** A JSON object of strings stored by the bridge itself, as a map sorted by key. */
  public static Map<String, String> stringMapOf(String json) {
    return new TreeMap<>(bound(json == null ? "{}" : json, STRING_MAP));
  }

  /**
   * A JSON object stored by the bridge itself, as a map in the stored order; anything but an object
   * is an empty map, as a tree read always was.
   */
  @SuppressWarnings("unchecked") // an untyped JSON object binds to a map of names
  public static Map<String, Object> readMap(String json) {
    Object v = bound(json == null ? "{}" : json, new TypeReference<Object>() {});
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
  }

  /** Parses JSON stored by the bridge itself into {@code type}. */
  public static <T> T readAs(String text, TypeReference<T> type) {
    return bound(text, type);
  }

  private static <T> T bound(String text, TypeReference<T> type) {
    try {
      return MAPPER.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses JSON stored by the bridge itself. */
  public static ObjectNode readObject(String text) {
    JsonNode n = read(text == null ? "{}" : text);
    return n instanceof ObjectNode o ? o : object();
  }
}
