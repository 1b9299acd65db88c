package dev.burnrate.bridge.internal.outbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.burnrate.bridge.internal.change.ChangeState;
import dev.burnrate.bridge.internal.incident.IncidentState;
import dev.burnrate.bridge.internal.problem.ProblemState;
import dev.burnrate.bridge.internal.record.Priority;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The outbox's JSON: snapshots and messages to and from the text of the {@code payload} column, by
 * Jackson databind. Instants are ISO-8601 text, states their wire names (their {@code JsonValue})
 * and priorities {@code "P1"} to {@code "P4"}, as the REST views write them, so rows written before
 * the snapshots were typed read back the same. Fields this version does not know are skipped, so a
 * row written by a newer version still delivers.
 */
public final class OutboxJson {
  /** Free-form JSON objects (alerts, impact, timeline details) as maps. */
  public static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  /** Free-form JSON arrays of objects as lists of maps. */
  public static final TypeReference<List<Map<String, Object>>> OBJECTS = new TypeReference<>() {};

  /** The mapper of outbox payloads. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .registerModule(
              new SimpleModule("burnrate-outbox")
                  .addSerializer(Instant.class, text(Instant.class, Instant::toString))
                  .addDeserializer(Instant.class, parsed(Instant::parse))
                  .addSerializer(
                      Priority.class, text(Priority.class, p -> Priority.format(p.number())))
                  .addDeserializer(
                      Priority.class,
                      parsed(
                          t ->
                              Priority.parse(t)
                                  .orElseThrow(
                                      () ->
                                          new IllegalArgumentException(
                                              "priority: P1 to P4, got " + t))))
                  .addDeserializer(IncidentState.class, parsed(IncidentState::of))
                  .addDeserializer(ProblemState.class, parsed(ProblemState::of))
                  .addDeserializer(ChangeState.class, parsed(ChangeState::of)));

  private OutboxJson() {}

  /** The text of a message, for the {@code payload} column. */
  public static String write(OutboxMessage m) {
    try {
      return MAPPER.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("outbox message of " + m.record().key(), e);
    }
  }

  /** A message read back from the {@code payload} column. */
  public static OutboxMessage read(String payload) {
    try {
      return MAPPER.readValue(payload, OutboxMessage.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("outbox payload: " + e.getOriginalMessage(), e);
    }
  }

  /** Free-form JSON (a node, a map or null) as a map; null stays null. */
  public static Map<String, Object> object(Object json) {
    return json == null ? null : MAPPER.convertValue(json, OBJECT);
  }

  private static <T> JsonSerializer<T> text(Class<T> type, Function<T, String> format) {
    return new JsonSerializer<>() {
      @Override
      public void serialize(T value, JsonGenerator gen, SerializerProvider serializers)
          throws IOException {
        gen.writeString(format.apply(value));
      }

      @Override
      public Class<T> handledType() {
        return type;
      }
    };
  }

  private static <T> JsonDeserializer<T> parsed(Function<String, T> parse) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String t = p.getValueAsString();
        try {
          return t == null ? null : parse.apply(t);
        } catch (RuntimeException e) {
          throw JsonMappingException.from(p, e.getMessage(), e);
        }
      }
    };
  }
}
