package dev.burnrate.bridge.internal.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.Priority;
import dev.burnrate.bridge.internal.record.Text;
import dev.burnrate.http.HttpProblem;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A JSON request body whose readers answer 400 naming the field that is wrong. */
final class Body {
  private static final int MAX_TEXT = 10_000;

  /** The longest name that becomes part of an index (service, SLO, link target): b-tree rows. */
  static final int MAX_NAME = 512;

  private final JsonNode root;

  private Body(JsonNode root) {
    this.root = root;
  }

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

  static Body parse(String text, boolean required) {
    if (text == null || text.isBlank()) {
      if (required) {
        throw HttpProblem.badRequest("body", "a JSON object body is required");
      }
      return new Body(Json.object());
    }
    JsonNode n;
    try {
      n = Json.read(text);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest("body", e.getMessage());
    }
    if (!n.isObject()) {
      throw HttpProblem.badRequest("body", "the body must be a JSON object");
    }
    return new Body(n);
  }

  JsonNode node() {
    return root;
  }

  Body object(String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return new Body(Json.object());
    }
    if (!n.isObject()) {
      throw HttpProblem.badRequest(field, field + " must be an object");
    }
    return new Body(n);
  }

  String text(String field, boolean required) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw HttpProblem.badRequest(field, field + " is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw HttpProblem.badRequest(field, field + " must be a string");
    }
    String t = n.asText().strip();
    if (t.isEmpty()) {
      throw HttpProblem.badRequest(field, field + " must not be empty");
    }
    if (t.length() > MAX_TEXT) {
      throw HttpProblem.badRequest(field, field + " is longer than " + MAX_TEXT + " characters");
    }
    checkNul(field, t);
    return t;
  }

  /** A text that names something (and is indexed): at most {@link #MAX_NAME} characters. */
  String name(String field, boolean required) {
    String t = text(field, required);
    if (t != null && t.length() > MAX_NAME) {
      throw HttpProblem.badRequest(field, field + " is longer than " + MAX_NAME + " characters");
    }
    return t;
  }

  /** PostgreSQL text cannot hold NUL, and no field has a use for it. */
  static void checkNul(String field, String t) {
    Text.checkNul(field, t);
  }

  String oneOf(String field, boolean required, Set<String> allowed, String fallback) {
    String t = text(field, required);
    if (t == null) {
      return fallback;
    }
    if (!allowed.contains(t)) {
      throw HttpProblem.badRequest(
          field,
          field + " must be one of " + allowed.stream().sorted().toList() + ", got '" + t + "'");
    }
    return t;
  }

  boolean bool(String field, boolean fallback) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isBoolean()) {
      throw HttpProblem.badRequest(field, field + " must be true or false");
    }
    return n.asBoolean();
  }

  Instant instant(String field, boolean required) {
    String t = text(field, required);
    return t == null ? null : instant(field, t);
  }

  static Instant instant(String field, String t) {
    Instant at;
    try {
      at = OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw HttpProblem.badRequest(
          field, field + " must be an RFC 3339 time such as 2025-01-31T12:00:00Z, got '" + t + "'");
    }
    checkRange(field, at);
    return at;
  }

  /** Refuses a time outside the years 0000 to 9999. */
  static void checkRange(String field, Instant at) {
    Text.checkRange(field, at);
  }

  List<String> strings(String field, boolean required) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw HttpProblem.badRequest(field, field + " is required");
      }
      return List.of();
    }
    if (!n.isArray()) {
      throw HttpProblem.badRequest(field, field + " must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode x : n) {
      if (!x.isTextual() || x.asText().isBlank()) {
        throw HttpProblem.badRequest(field, field + " must be an array of non-empty strings");
      }
      if (x.asText().length() > MAX_NAME) {
        throw HttpProblem.badRequest(
            field, field + " must hold names of at most " + MAX_NAME + " characters");
      }
      checkNul(field, x.asText());
      out.add(x.asText());
    }
    return out;
  }

  int priority(String field, int fallback) {
    String t = text(field, false);
    if (t == null) {
      return fallback;
    }
    return Priority.parse(t)
        .orElseThrow(
            () ->
                HttpProblem.badRequest(field, field + " must be P1, P2, P3 or P4, got '" + t + "'"))
        .number();
  }
}
