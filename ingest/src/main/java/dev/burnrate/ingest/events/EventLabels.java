package dev.burnrate.ingest.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.burnrate.http.Utf8;
import dev.burnrate.ingest.limits.IngestLimits;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** An event's labels as Jackson reads them: each name and value checked, every error recorded. */
final class EventLabels {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private EventLabels() {}

  static String labelValue(
      JsonParser p,
      JsonToken v,
      String field,
      int line,
      int index,
      IngestLimits limits,
      RepeatedStrings strings,
      EventErrors errors)
      throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      errors.add(line, index, field, "must be a string");
      p.skipChildren();
      return null;
    }
    String s = strings.read(p);
    if (s.isEmpty()) {
      errors.add(line, index, field, "must not be empty");
      return null;
    }
    if (hasLoneSurrogate(s)) {
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

  static Map<String, String> labels(
      JsonParser p,
      JsonToken v,
      int line,
      int index,
      IngestLimits limits,
      RepeatedStrings strings,
      EventErrors errors)
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
      String value = strings.read(p);
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
      } else if (EventsDecoder.RESERVED_LABELS.contains(name)) {
        errors.add(line, index, field, "is set by the event itself and cannot be a label");
      } else if (hasLoneSurrogate(value)) {
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

  static final String LONE_SURROGATE =
      "must not contain a lone surrogate (a \\ud800 to \\udfff escape without its pair)";

  /** Whether {@code s} has a UTF-16 surrogate that is not half of a pair (from a JSON escape). */
  static boolean hasLoneSurrogate(String s) {
    return Utf8.loneSurrogate(s) >= 0;
  }
}
