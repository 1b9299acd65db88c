package dev.burnrate.bridge.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.http.HttpProblem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A JSON request body whose readers answer 400 naming the field that is wrong. */
final class Body {
  private static final int MAX_TEXT = 10_000;
  private final JsonNode root;

  private Body(JsonNode root) {
    this.root = root;
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
    return t;
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
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw HttpProblem.badRequest(
          field, field + " must be an RFC 3339 time such as 2025-01-31T12:00:00Z, got '" + t + "'");
    }
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
      out.add(x.asText());
    }
    return out;
  }

  int priority(String field, int fallback) {
    String t = text(field, false);
    if (t == null) {
      return fallback;
    }
    if (!t.matches("P[1-4]")) {
      throw HttpProblem.badRequest(field, field + " must be P1, P2, P3 or P4, got '" + t + "'");
    }
    return t.charAt(1) - '0';
  }
}
