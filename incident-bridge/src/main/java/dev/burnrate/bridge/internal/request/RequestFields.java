package dev.burnrate.bridge.internal.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.Text;
import dev.burnrate.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeSet;

/** Checks a submission's fields against its type; every refusal names {@code fields.<name>}. */
final class RequestFields {
  private RequestFields() {}

  /** The fields, checked and normalised; an unknown field is refused. */
  static ObjectNode check(RequestType t, ObjectNode fields) {
    TreeSet<String> known = new TreeSet<>();
    t.fields().forEach(f -> known.add(f.name()));
    for (Map.Entry<String, JsonNode> e : fields.properties()) {
      Text.checkNul("fields", e.getKey());
      if (!known.contains(e.getKey())) {
        throw BridgeException.invalid(
            "fields." + e.getKey(),
            "fields." + e.getKey() + " is not a field of " + t.name() + "; fields: " + known);
      }
    }
    ObjectNode out = Json.object();
    for (FieldSpec f : t.fields()) {
      JsonNode v = f.check(fields.get(f.name()));
      if (v != null) {
        out.set(f.name(), v);
      }
    }
    return out;
  }

  /** A built-in request's values. */
  record BuiltIn(
      String service, String slo, String reason, Instant validFrom, Instant validUntil) {}

  /** A built-in type's fields as {@code POST /requests} reads them. */
  static BuiltIn builtIn(RequestType t, ObjectNode fields, Instant now, Duration max) {
    ObjectNode f = check(t, fields);
    Instant from = time(f, "validFrom");
    Instant until = time(f, "validUntil");
    if (until == null) {
      if (!f.has("duration")) {
        throw BridgeException.invalid(
            "fields.validUntil", "give fields.validUntil or fields.duration such as 4h");
      }
      Duration d;
      try {
        d = Durations.parse(f.path("duration").asText());
      } catch (IllegalArgumentException e) {
        throw BridgeException.invalid("fields.duration", e.getMessage());
      }
      if (d.compareTo(max) > 0) {
        throw BridgeException.invalid("fields.duration", "a request is valid for at most 30d");
      }
      until = (from == null ? now : from).plus(d);
    }
    return new BuiltIn(
        f.path("service").asText(),
        f.has("slo") ? f.path("slo").asText() : null,
        f.path("reason").asText(),
        from,
        until);
  }

  private static Instant time(ObjectNode f, String name) {
    if (!f.has(name)) {
      return null;
    }
    try {
      Instant at = OffsetDateTime.parse(f.path(name).asText()).toInstant();
      Text.checkRange("fields." + name, at);
      return at;
    } catch (DateTimeParseException e) {
      throw BridgeException.invalid(
          "fields." + name, "fields." + name + " must be an RFC 3339 time");
    }
  }
}
