package dev.burnrate.ingest.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.LimitProblems;
import dev.burnrate.ingest.internal.Utf8;
import dev.burnrate.ingest.limits.BoundedJson;
import dev.burnrate.ingest.limits.IngestLimits;
import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes request events sent as NDJSON (one JSON object per line) or as one JSON array of objects.
 * Every event is validated field by field; if any is invalid the whole batch is rejected with every
 * error, by line and field, and nothing is applied.
 *
 * <p>A body of the common plain shape is read by {@link PlainEventsParser} straight from its bytes;
 * any other, and any body with an error, by Jackson here, with the same result.
 */
public final class EventsDecoder {
  /** Labels an event sets itself, which its {@code labels} may not override. */
  public static final Set<String> RESERVED_LABELS =
      Set.of("job", "http_route", "http_request_method", "http_response_status_code", "le");

  static final int MAX_REPORTED_ERRORS = 100;
  // Epoch milliseconds below this (1973-03-03) are almost surely epoch seconds sent by mistake.
  private static final long SECONDS_SUSPECT_BELOW_MS = 100_000_000_000L;
  private static final Set<String> FIELDS =
      Set.of("ts", "service", "route", "method", "status", "duration_ms", "labels");
  private static final String UNKNOWN_FIELD =
      "unknown field; an event has the fields "
          + String.join(", ", FIELDS.stream().sorted().toList());
  // The known fields seen in an event, one bit each; the required ones in the order their
  // absence is reported.
  static final int TS = 1;
  static final int SERVICE = 1 << 1;
  static final int ROUTE = 1 << 2;
  static final int METHOD = 1 << 3;
  static final int STATUS = 1 << 4;
  static final int DURATION = 1 << 5;
  static final int LABELS = 1 << 6;
  private static final int[] REQUIRED = {SERVICE, ROUTE, METHOD, STATUS, DURATION};
  private static final String[] REQUIRED_NAMES = {
    "service", "route", "method", "status", "duration_ms"
  };

  private EventsDecoder() {}

  /**
   * Decodes and validates the events.
   *
   * @throws HttpProblem 400 with an {@code errors} array ({@code line}, {@code index}, {@code
   *     field}, {@code message}) when any event is invalid; 400 or 413 for malformed JSON and
   *     limits
   */
  public static List<RequestEvent> decode(
      byte[] body, JsonFactory factory, IngestLimits limits, Clock clock) {
    RepeatedStrings strings = new RepeatedStrings(limits.maxJsonStringLength());
    List<RequestEvent> plain =
        PlainEventsParser.parse(body, limits, factory.streamReadConstraints(), clock, strings);
    if (plain != null) {
      return plain;
    }
    // Jackson decodes some ill-formed UTF-8 (overlong forms, encoded surrogates) leniently.
    if (!Utf8.isValid(body, 0, body.length)) {
      throw LimitProblems.malformed(
          "events",
          "the body is not well-formed UTF-8 (overlong forms, surrogates and bytes that cannot"
              + " occur in UTF-8 are refused)");
    }
    List<RequestEvent> events = new ArrayList<>();
    EventErrors errors = new EventErrors();
    EventLabels labels = new EventLabels(limits, strings, errors);
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
        errors.at(line(p), index);
        if (t != JsonToken.START_OBJECT) {
          errors.add("", "an event must be a JSON object");
          p.skipChildren();
        } else {
          RequestEvent e = event(p, limits, clock, labels, errors);
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

  /** The line where the current token starts, without the location object it costs otherwise. */
  private static int line(JsonParser p) {
    return p instanceof ParserBase b ? b.getTokenLineNr() : p.currentTokenLocation().getLineNr();
  }

  private static RequestEvent event(
      JsonParser p, IngestLimits limits, Clock clock, EventLabels labels, EventErrors errors)
      throws IOException {
    EventFields e = new EventFields();
    int before = errors.count;
    Set<String> seenUnknown = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      int bit = bit(field);
      boolean again;
      if (bit != 0) {
        again = (e.seen & bit) != 0;
      } else {
        if (seenUnknown == null) {
          seenUnknown = new HashSet<>();
        }
        again = !seenUnknown.add(field);
      }
      if (again) {
        errors.add(field, "the field appears twice");
        p.skipChildren();
        continue;
      }
      e.seen |= bit;
      switch (bit) {
        case TS -> e.ts = timestamp(p, v, limits.maxJsonStringLength(), errors);
        case SERVICE -> e.service = labels.labelValue(p, v, "service");
        case ROUTE -> e.route = labels.labelValue(p, v, "route");
        case METHOD -> e.method = labels.labelValue(p, v, "method");
        case STATUS -> {
          if (v == JsonToken.VALUE_NUMBER_INT
              && p.getNumberType() == JsonParser.NumberType.INT
              && p.getIntValue() >= 100
              && p.getIntValue() <= 599) {
            e.status = p.getIntValue();
          } else {
            errors.add("status", "must be an integer HTTP status code in 100..599");
            p.skipChildren();
          }
        }
        case DURATION -> {
          e.duration = duration(p, v);
          if (Double.isNaN(e.duration)) {
            errors.add("duration_ms", "must be a finite number of milliseconds >= 0");
            p.skipChildren();
          }
        }
        case LABELS -> e.labels = labels.labels(p, v);
        default -> {
          errors.add(field, UNKNOWN_FIELD);
          p.skipChildren();
        }
      }
    }
    for (int i = 0; i < REQUIRED.length; i++) {
      if ((e.seen & REQUIRED[i]) == 0) {
        errors.add(REQUIRED_NAMES[i], "is required");
      }
    }
    if (errors.count > before) {
      return null;
    }
    if (e.labels.size() + 4 > limits.maxLabelsPerSeries()) {
      errors.add(
          "labels",
          "an event's series has "
              + (e.labels.size() + 4)
              + " labels, over the limit maxLabelsPerSeries = "
              + limits.maxLabelsPerSeries());
      return null;
    }
    return e.event(clock);
  }

  /** The bit of a known field, 0 for any other name. */
  private static int bit(String field) {
    return switch (field) {
      case "ts" -> TS;
      case "service" -> SERVICE;
      case "route" -> ROUTE;
      case "method" -> METHOD;
      case "status" -> STATUS;
      case "duration_ms" -> DURATION;
      case "labels" -> LABELS;
      default -> 0;
    };
  }

  /** The duration in milliseconds, or NaN when the value is not a finite number >= 0. */
  private static double duration(JsonParser p, JsonToken v) throws IOException {
    if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
      return Double.NaN;
    }
    double d = PlainDecimal.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    if (d == d) { // not NOT_PLAIN
      return d;
    }
    d = p.getDoubleValue();
    return Double.isFinite(d) && d >= 0 ? d : Double.NaN;
  }

  /** The time of {@code ts}; on an invalid value the error is added and the result is moot. */
  private static long timestamp(
      JsonParser p, JsonToken v, int maxJsonStringLength, EventErrors errors) throws IOException {
    if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      long ms = p.getLongValue();
      if (ms >= SECONDS_SUSPECT_BELOW_MS) {
        return ms;
      }
      if (ms >= 0) {
        errors.add(
            "ts", "must be epoch milliseconds; " + ms + " is before 1973, probably epoch seconds");
        return 0;
      }
    } else if (v == JsonToken.VALUE_STRING) {
      // Longer strings go through getText, which refuses those over maxJsonStringLength.
      if (p.getTextLength() <= maxJsonStringLength) {
        long ms = UtcTimestamp.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (ms != UtcTimestamp.NOT_COMMON) {
          return ms;
        }
      }
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
            "ts",
            "must be an RFC 3339 time with an offset (2026-11-24T14:26:05.123Z) or epoch milliseconds");
        return 0;
      }
    }
    errors.add(
        "ts", "must be an RFC 3339 time string or a non-negative integer of epoch milliseconds");
    p.skipChildren();
    return 0;
  }
}
