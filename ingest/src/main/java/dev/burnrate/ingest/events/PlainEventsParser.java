package dev.burnrate.ingest.events;

import static dev.burnrate.ingest.events.EventsDecoder.DURATION;
import static dev.burnrate.ingest.events.EventsDecoder.METHOD;
import static dev.burnrate.ingest.events.EventsDecoder.ROUTE;
import static dev.burnrate.ingest.events.EventsDecoder.SERVICE;
import static dev.burnrate.ingest.events.EventsDecoder.STATUS;
import static dev.burnrate.ingest.events.EventsDecoder.TS;

import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.burnrate.ingest.limits.IngestLimits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the plain shape of a valid events body straight from its bytes, without a JSON tokenizer:
 * NDJSON or one array of objects, printable ASCII strings without escapes, the known fields only,
 * each valid, plain numbers, every limit respected. On anything else, whether invalid or merely
 * unusual (an escape, a non-ASCII character, an exponent, an offset time, a limit reached), it
 * declines and {@link EventsDecoder} decodes the body with Jackson, which finds the same events or
 * reports every error. So what it accepts, it must read exactly as Jackson and the decoder would.
 */
final class PlainEventsParser extends PlainEventValues {
  private static final int REQUIRED = SERVICE | ROUTE | METHOD | STATUS | DURATION;
  // The field names in bit order: NAMES[i] names the field of bit 1 << i.
  private static final byte[][] NAMES = {
    bytes("ts"),
    bytes("service"),
    bytes("route"),
    bytes("method"),
    bytes("status"),
    bytes("duration_ms"),
    bytes("labels")
  };
  // Array, event object, labels object.
  private static final int DEPTH = 3;

  private final Clock clock;

  private PlainEventsParser(
      byte[] body,
      IngestLimits limits,
      StreamReadConstraints json,
      Clock clock,
      RepeatedStrings strings) {
    super(body, limits, json, strings);
    this.clock = clock;
  }

  /**
   * The events of the body, or null when it is not of the plain shape or not valid throughout.
   *
   * @param json the constraints of the parser the decoder would use otherwise
   */
  static List<RequestEvent> parse(
      byte[] body,
      IngestLimits limits,
      StreamReadConstraints json,
      Clock clock,
      RepeatedStrings strings) {
    // Limits this reader does not count (its numbers have at most 18 digits): left to Jackson.
    if (json.getMaxNestingDepth() < DEPTH
        || json.getMaxNumberLength() < 19
        || json.hasMaxDocumentLength()
        || json.hasMaxTokenCount()) {
      return null;
    }
    return new PlainEventsParser(body, limits, json, clock, strings).events();
  }

  private List<RequestEvent> events() {
    skipWhitespace();
    if (pos == end) {
      return null;
    }
    List<RequestEvent> out = new ArrayList<>();
    if (b[pos] == '[') {
      pos++;
      skipWhitespace();
      int next = MORE;
      while (next == MORE) {
        if (!event(out)) {
          return null;
        }
        next = separator((byte) ']');
      }
      skipWhitespace();
      return next == CLOSED && pos == end ? out : null;
    }
    while (pos < end) {
      if (!event(out)) {
        return null;
      }
      int after = pos;
      skipWhitespace();
      if (pos < end && pos == after) {
        return null; // objects run together: left to Jackson
      }
    }
    return out;
  }

  /** Reads one event object into {@code out}; false to decline. */
  private boolean event(List<RequestEvent> out) {
    if (pos == end || b[pos] != '{' || out.size() >= limits.maxEventsPerRequest()) {
      return false;
    }
    pos++;
    EventFields e = new EventFields();
    skipWhitespace();
    while (true) {
      int field = key();
      if (field == 0 || (e.seen & field) != 0 || !colon()) {
        return false;
      }
      e.seen |= field;
      switch (field) {
        case TS -> {
          e.ts = timestamp();
          if (e.ts == UtcTimestamp.NOT_COMMON) {
            return false;
          }
        }
        case SERVICE -> e.service = labelValue();
        case ROUTE -> e.route = labelValue();
        case METHOD -> e.method = labelValue();
        case STATUS -> {
          e.status = status();
          if (e.status == 0) {
            return false;
          }
        }
        case DURATION -> {
          e.duration = duration();
          if (Double.isNaN(e.duration)) {
            return false;
          }
        }
        default -> {
          e.labels = labels();
          if (e.labels == null) {
            return false;
          }
        }
      }
      if (field == SERVICE && e.service == null
          || field == ROUTE && e.route == null
          || field == METHOD && e.method == null) {
        return false;
      }
      int next = separator((byte) '}');
      if (next == CLOSED) {
        break;
      }
      if (next == DECLINED) {
        return false;
      }
    }
    if ((e.seen & REQUIRED) != REQUIRED || e.labels.size() + 4 > limits.maxLabelsPerSeries()) {
      return false;
    }
    out.add(e.event(clock));
    return true;
  }

  /**
   * Reads a key that names a field, told by its first letters, and returns the field's bit; 0 for
   * any other key.
   */
  private int key() {
    if (end - pos < 4 || b[pos] != '"') {
      return 0;
    }
    int i =
        switch (b[pos + 1]) {
          case 't' -> 0;
          case 's' -> b[pos + 2] == 'e' ? 1 : 4;
          case 'r' -> 2;
          case 'm' -> 3;
          case 'd' -> 5;
          case 'l' -> 6;
          default -> -1;
        };
    if (i < 0) {
      return 0;
    }
    byte[] name = NAMES[i];
    int close = pos + 1 + name.length;
    if (close >= end || b[close] != '"' || name.length > maxName || !same(pos + 1, name)) {
      return 0;
    }
    pos = close + 1;
    return 1 << i;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
