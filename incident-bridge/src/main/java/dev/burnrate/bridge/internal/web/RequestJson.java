package dev.burnrate.bridge.internal.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.burnrate.http.HttpProblem;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Binds a JSON request body to its request record with Jackson databind; a body that does not fit
 * is a 400 naming the field. Strings and booleans are taken only as themselves ({@code 5} is no
 * title, {@code "true"} no flag); unknown fields are ignored; null is the same as absent.
 */
final class RequestJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addModule(
              new SimpleModule("burnrate-requests")
                  .addDeserializer(String.class, Exactly.string())
                  .addDeserializer(Boolean.class, Exactly.bool()))
          .build();

  private RequestJson() {}

  /**
   * A body bound to its record, with the names of the fields the body holds (null ones too), for
   * the few rules that tell an absent field from a given one.
   */
  record Bound<T>(T value, Set<String> fields) {}

  /**
   * The request body as text, or null when there is none; 400 when it is not UTF-8, which a lenient
   * decoding would silently turn into replacement characters.
   */
  static String utf8(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().buffer() == null) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(ctx.body().buffer().getBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      throw HttpProblem.badRequest("body", "the body is not valid UTF-8");
    }
  }

  /** Binds {@code text} to {@code type}; no body is an empty object unless one is required. */
  static <T> Bound<T> bind(String text, boolean required, Class<T> type) {
    if (text == null || text.isBlank()) {
      if (required) {
        throw HttpProblem.badRequest("body", "a JSON object body is required");
      }
      text = "{}";
    }
    Map<?, ?> fields = object(text);
    try {
      T value = MAPPER.readValue(text, type);
      @SuppressWarnings("unchecked")
      Set<String> names = Set.copyOf((Collection<String>) (Collection<?>) fields.keySet());
      return new Bound<>(value, names);
    } catch (MismatchedInputException e) {
      throw mismatch(e);
    } catch (JsonProcessingException e) {
      throw HttpProblem.badRequest("body", "invalid JSON: " + e.getOriginalMessage());
    }
  }

  /** The body parsed, refused unless it is JSON and an object. */
  private static Map<?, ?> object(String text) {
    Object root;
    try {
      root = MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw HttpProblem.badRequest("body", "invalid JSON: " + e.getOriginalMessage());
    }
    if (!(root instanceof Map<?, ?> fields)) {
      throw HttpProblem.badRequest("body", "the body must be a JSON object");
    }
    return fields;
  }

  /**
   * Binds a monitoring tool's notification to its record; a value of the wrong JSON type is a 400
   * naming it by its path, such as {@code alerts[0].labels.job}. No body is no object.
   */
  static <T> T bindNotification(String text, Class<T> type) {
    object(text == null || text.isBlank() ? "null" : text);
    try {
      return MAPPER.readValue(text, type);
    } catch (MismatchedInputException e) {
      String path = "";
      for (JsonMappingException.Reference r : e.getPath()) {
        path =
            r.getFieldName() != null
                ? (path.isEmpty() ? "" : path + ".") + r.getFieldName()
                : path + "[" + r.getIndex() + "]";
      }
      Class<?> target = e.getTargetType();
      String must;
      if (target == String.class) {
        must = "must be a string";
      } else if (target != null && Map.class.isAssignableFrom(target)) {
        must = "must be an object of strings";
      } else if (target != null && Collection.class.isAssignableFrom(target)) {
        must = "must be an array";
      } else {
        must = "must be an object";
      }
      throw path.isEmpty()
          ? HttpProblem.badRequest("body", "the body must be a JSON object")
          : HttpProblem.badRequest(path, path + " " + must);
    } catch (JsonProcessingException e) {
      throw HttpProblem.badRequest("body", "invalid JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * The 400 of a value of the wrong JSON type, named by its field as the API has always named it.
   */
  private static HttpProblem mismatch(MismatchedInputException e) {
    String field = "body";
    boolean element = false;
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        field = r.getFieldName();
        element = false;
      } else {
        element = true;
      }
    }
    Class<?> target = e.getTargetType();
    String must;
    if (element) {
      must = "must be an array of non-empty strings";
    } else if (target == String.class) {
      must = "must be a string";
    } else if (target == Boolean.class) {
      must = "must be true or false";
    } else if (target != null && Collection.class.isAssignableFrom(target)) {
      must = "must be an array of strings";
    } else {
      must = "must be an object";
    }
    return HttpProblem.badRequest(field, field + " " + must);
  }

  /**
   * A value only from the JSON tokens that are it ({@code 5} is no string, {@code "true"} no flag).
   */
  private static final class Exactly<T> extends StdScalarDeserializer<T> {
    private static final long serialVersionUID = 1L;

    private final transient Function<JsonParser, T> read;

    private Exactly(Class<T> type, Function<JsonParser, T> read) {
      super(type);
      this.read = read;
    }

    static Exactly<String> string() {
      return new Exactly<>(
          String.class, p -> p.currentToken() == JsonToken.VALUE_STRING ? text(p) : null);
    }

    static Exactly<Boolean> bool() {
      return new Exactly<>(
          Boolean.class,
          p ->
              switch (p.currentToken()) {
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> null;
              });
    }

    private static String text(JsonParser p) {
      try {
        return p.getText();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      T value = read.apply(p);
      if (value != null) {
        return value;
      }
      @SuppressWarnings("unchecked")
      T refused = (T) ctxt.handleUnexpectedToken(handledType(), p);
      return refused;
    }
  }
}
