package dev.burnrate.bridge.internal.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one JSON mapper of the bridge and small helpers around it. Records and maps only: the tools'
 * own JSON trees are {@code connector.ToolJson}'s.
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

  /** Serialises a record, a map or a tool's tree. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
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
}
