package dev.burnrate.ingest.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.LimitProblems;
import dev.burnrate.ingest.limits.BoundedJson;
import dev.burnrate.ingest.limits.IngestLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The events decoder as it was before its fast paths: a straightforward reading of every field
 * through Jackson and java.time, kept as the reference that {@link EventsDecoder} must agree with
 * on every body, events and errors alike.
 */
final class ReferenceEventsDecoder {
  private static final Set<String> RESERVED_LABELS = EventsDecoder.RESERVED_LABELS;

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final int MAX_REPORTED_ERRORS = 100;
  // Epoch milliseconds below this (1973-03-03) are almost surely epoch seconds sent by mistake.
  private static final long SECONDS_SUSPECT_BELOW_MS = 100_000_000_000L;
  private static final Set<String> FIELDS =
      Set.of("ts", "service", "route", "method", "status", "duration_ms", "labels");

  private ReferenceEventsDecoder() {}

  /** Decodes and validates the events, or throws the problem {@link EventsDecoder} throws. */
  static List<RequestEvent> decode(
      byte[] body, JsonFactory factory, IngestLimits limits, Clock clock) {
    try {
      java.nio.charset.StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(body));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw LimitProblems.malformed(
          "events",
          "the body is not well-formed UTF-8 (overlong forms, surrogates and bytes that cannot"
              + " occur in UTF-8 are refused)");
    }
    List<RequestEvent> events = new ArrayList<>();
    Errors errors = new Errors();
    try (JsonParser p = BoundedJson.parser(factory, body)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw LimitProblems.malformed("events", "the body has no events");
      }
      boolean array = first == JsonToken.START_ARRAY;
      JsonToken t = array ? p.nextToken() : first;
      int index = 0;
      while (t != null && !(array && t == JsonToken.END_ARRAY)) {
        index++;
        if (index > limits.maxEventsPerRequest()) {
          throw LimitProblems.tooLarge(
              "maxEventsPerRequest", limits.maxEventsPerRequest(), "the number of events");
        }
        int line = p.currentTokenLocation().getLineNr();
        if (t != JsonToken.START_OBJECT) {
          errors.add(line, index, "", "an event must be a JSON object");
          p.skipChildren();
        } else {
          RequestEvent e = event(p, line, index, limits, clock, errors);
          if (e != null) {
            events.add(e);
          }
        }
        t = p.nextToken();
      }
      if (array && p.nextToken() != null) {
        throw LimitProblems.malformed("events", "content after the array");
      }
      if (index == 0) {
        throw LimitProblems.malformed("events", "the body has no events");
      }
    } catch (IOException e) {
      throw BoundedJson.problem(e, limits);
    }
    if (errors.count > 0) {
      throw new HttpProblem(
          400,
          "Invalid events",
          errors.count
              + " error(s) in the events; the whole batch was rejected and nothing was applied"
              + "; first: "
              + errors.first,
          Map.of("errors", errors.list, "invalidCount", errors.count));
    }
    return events;
  }

  private static RequestEvent event(
      JsonParser p, int line, int index, IngestLimits limits, Clock clock, Errors errors)
      throws IOException {
    Long ts = null;
    String service = null;
    String route = null;
    String method = null;
    Integer status = null;
    Double duration = null;
    Map<String, String> labels = Map.of();
    int before = errors.count;
    Set<String> seen = new java.util.HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if (!seen.add(field)) {
        errors.add(line, index, field, "the field appears twice");
        p.skipChildren();
        continue;
      }
      switch (field) {
        case "ts" -> ts = timestamp(p, v, line, index, errors);
        case "service" -> service = labelValue(p, v, "service", line, index, limits, errors);
        case "route" -> route = labelValue(p, v, "route", line, index, limits, errors);
        case "method" -> method = labelValue(p, v, "method", line, index, limits, errors);
        case "status" -> {
          if (v == JsonToken.VALUE_NUMBER_INT
              && p.getNumberType() == JsonParser.NumberType.INT
              && p.getIntValue() >= 100
              && p.getIntValue() <= 599) {
            status = p.getIntValue();
          } else {
            errors.add(line, index, "status", "must be an integer HTTP status code in 100..599");
            p.skipChildren();
          }
        }
        case "duration_ms" -> {
          if ((v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT)
              && Double.isFinite(p.getDoubleValue())
              && p.getDoubleValue() >= 0) {
            duration = p.getDoubleValue();
          } else {
            errors.add(line, index, "duration_ms", "must be a finite number of milliseconds >= 0");
            p.skipChildren();
          }
        }
        case "labels" -> labels = labels(p, v, line, index, limits, errors);
        default -> {
          errors.add(
              line,
              index,
              field,
              "unknown field; an event has the fields "
                  + String.join(", ", FIELDS.stream().sorted().toList()));
          p.skipChildren();
        }
      }
    }
    for (String required : List.of("service", "route", "method", "status", "duration_ms")) {
      if (!seen.contains(required)) {
        errors.add(line, index, required, "is required");
      }
    }
    if (errors.count > before) {
      return null;
    }
    if (labels.size() + 4 > limits.maxLabelsPerSeries()) {
      errors.add(
          line,
          index,
          "labels",
          "an event's series has "
              + (labels.size() + 4)
              + " labels, over the limit maxLabelsPerSeries = "
              + limits.maxLabelsPerSeries());
      return null;
    }
    return new RequestEvent(
        ts == null ? clock.millis() : ts, service, route, method, status, duration, labels);
  }

  private static Long timestamp(JsonParser p, JsonToken v, int line, int index, Errors errors)
      throws IOException {
    if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      long ms = p.getLongValue();
      if (ms >= SECONDS_SUSPECT_BELOW_MS) {
        return ms;
      }
      if (ms >= 0) {
        errors.add(
            line,
            index,
            "ts",
            "must be epoch milliseconds; " + ms + " is before 1973, probably epoch seconds");
        return null;
      }
    } else if (v == JsonToken.VALUE_STRING) {
      String s = p.getText();
      try {
        // RFC 3339 allows a lowercase 't' and 'z' and, in its note, a space for the 'T'.
        String norm = s.toUpperCase(java.util.Locale.ROOT);
        if (norm.length() > 10 && norm.charAt(10) == ' ') {
          norm = norm.substring(0, 10) + 'T' + norm.substring(11);
        }
        return OffsetDateTime.parse(norm, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toInstant()
            .toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        errors.add(
            line,
            index,
            "ts",
            "must be an RFC 3339 time with an offset (2026-11-24T14:26:05.123Z) or epoch milliseconds");
        return null;
      }
    }
    errors.add(
        line,
        index,
        "ts",
        "must be an RFC 3339 time string or a non-negative integer of epoch milliseconds");
    p.skipChildren();
    return null;
  }

  private static String labelValue(
      JsonParser p,
      JsonToken v,
      String field,
      int line,
      int index,
      IngestLimits limits,
      Errors errors)
      throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      errors.add(line, index, field, "must be a string");
      p.skipChildren();
      return null;
    }
    String s = p.getText();
    if (s.isEmpty()) {
      errors.add(line, index, field, "must not be empty");
      return null;
    }
    if (loneSurrogate(s)) {
      errors.add(line, index, field, LONE_SURROGATE);
      return null;
    }
    if (s.length() > limits.maxLabelValueLength()) {
      errors.add(
          line,
          index,
          field,
          "is longer than the limit maxLabelValueLength = " + limits.maxLabelValueLength());
      return null;
    }
    return s;
  }

  private static final String LONE_SURROGATE =
      "must not contain a lone surrogate (a \\ud800 to \\udfff escape without its pair)";

  private static boolean loneSurrogate(String s) {
    return s.codePoints().anyMatch(cp -> cp >= 0xd800 && cp <= 0xdfff);
  }

  private static Map<String, String> labels(
      JsonParser p, JsonToken v, int line, int index, IngestLimits limits, Errors errors)
      throws IOException {
    if (v != JsonToken.START_OBJECT) {
      errors.add(line, index, "labels", "must be an object of string values");
      p.skipChildren();
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      String field = "labels." + name;
      if (t != JsonToken.VALUE_STRING) {
        errors.add(line, index, field, "must be a string");
        p.skipChildren();
        continue;
      }
      String value = p.getText();
      if (name.length() > limits.maxLabelNameLength()) {
        errors.add(
            line,
            index,
            "labels",
            "a label name is longer than the limit maxLabelNameLength = "
                + limits.maxLabelNameLength());
      } else if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
        errors.add(
            line,
            index,
            field,
            "a label name must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __");
      } else if (RESERVED_LABELS.contains(name)) {
        errors.add(line, index, field, "is set by the event itself and cannot be a label");
      } else if (loneSurrogate(value)) {
        errors.add(line, index, field, LONE_SURROGATE);
      } else if (value.length() > limits.maxLabelValueLength()) {
        errors.add(
            line,
            index,
            field,
            "is longer than the limit maxLabelValueLength = " + limits.maxLabelValueLength());
      } else if (out.put(name, value) != null) {
        errors.add(line, index, field, "appears twice");
      }
    }
    return out;
  }

  /** The errors of a batch: all counted, the first hundred reported. */
  private static final class Errors {
    final JsonArray list = new JsonArray();
    int count;
    String first;

    void add(int line, int index, String field, String message) {
      count++;
      String text = "line " + line + (field.isEmpty() ? "" : ", field " + field) + ": " + message;
      if (first == null) {
        first = text;
      }
      if (list.size() < MAX_REPORTED_ERRORS) {
        list.add(
            new JsonObject()
                .put("line", line)
                .put("index", index)
                .put("field", field)
                .put("message", message));
      }
    }
  }
}
