package dev.burnrate.bridge.internal.request;

import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.Text;
import dev.burnrate.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** Checks a submission's fields against its type; every refusal names {@code fields.<name>}. */
final class RequestFields {
  private RequestFields() {}

  /** The fields, checked and normalised in the type's order; an unknown field is refused. */
  static Map<String, Object> check(RequestType t, Map<String, Object> fields) {
    TreeSet<String> known = new TreeSet<>();
    t.fields().forEach(f -> known.add(f.name()));
    for (String name : fields.keySet()) {
      Text.checkNul("fields", name);
      if (!known.contains(name)) {
        throw BridgeException.invalid(
            "fields." + name,
            "fields." + name + " is not a field of " + t.name() + "; fields: " + known);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (FieldSpec f : t.fields()) {
      Object v = f.check(fields.get(f.name()));
      if (v != null) {
        out.put(f.name(), v);
      }
    }
    return out;
  }

  /** A field's value as text, as a checked value prints; empty when it is absent. */
  static String text(Map<String, Object> fields, String name) {
    Object v = fields.get(name);
    return v == null ? "" : String.valueOf(v);
  }

  /** A built-in request's values. */
  record BuiltIn(
      String service, String slo, String reason, Instant validFrom, Instant validUntil) {}

  /** A built-in type's fields as {@code POST /requests} reads them. */
  static BuiltIn builtIn(RequestType t, Map<String, Object> fields, Instant now, Duration max) {
    Map<String, Object> f = check(t, fields);
    Instant from = time(f, "validFrom");
    Instant until = time(f, "validUntil");
    if (until == null) {
      if (!f.containsKey("duration")) {
        throw BridgeException.invalid(
            "fields.validUntil", "give fields.validUntil or fields.duration such as 4h");
      }
      Duration d;
      try {
        d = Durations.parse(text(f, "duration"));
      } catch (IllegalArgumentException e) {
        throw BridgeException.invalid("fields.duration", e.getMessage());
      }
      if (d.compareTo(max) > 0) {
        throw BridgeException.invalid("fields.duration", "a request is valid for at most 30d");
      }
      until = (from == null ? now : from).plus(d);
    }
    return new BuiltIn(
        text(f, "service"),
        f.containsKey("slo") ? text(f, "slo") : null,
        text(f, "reason"),
        from,
        until);
  }

  private static Instant time(Map<String, Object> f, String name) {
    if (!f.containsKey(name)) {
      return null;
    }
    try {
      Instant at = OffsetDateTime.parse(text(f, name)).toInstant();
      Text.checkRange("fields." + name, at);
      return at;
    } catch (DateTimeParseException e) {
      throw BridgeException.invalid(
          "fields." + name, "fields." + name + " must be an RFC 3339 time");
    }
  }
}
