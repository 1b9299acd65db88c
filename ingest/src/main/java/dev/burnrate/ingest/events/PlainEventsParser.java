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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the plain shape of a valid events body straight from its bytes, without a JSON tokenizer:
 * NDJSON or one array of objects, printable ASCII strings without escapes, the known fields only,
 * each valid, plain numbers, every limit respected. On anything else, whether invalid or merely
 * unusual (an escape, a non-ASCII character, an exponent, an offset time, a limit reached), it
 * declines and {@link EventsDecoder} decodes the body with Jackson, which finds the same events or
 * reports every error. So what it accepts, it must read exactly as Jackson and the decoder would.
 */
final class PlainEventsParser extends PlainJsonCursor {
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
  private static final byte[] HTTP = bytes("http_");
  // Epoch milliseconds below this are refused by the decoder as probable epoch seconds.
  private static final long SECONDS_SUSPECT_BELOW_MS = 100_000_000_000L;
  // Array, event object, labels object.
  private static final int DEPTH = 3;

  private final IngestLimits limits;
  private final int maxString;
  private final int maxName;
  private final Clock clock;
  private final RepeatedStrings strings;
  private final char[] scratch = new char[32];

  private PlainEventsParser(
      byte[] body,
      IngestLimits limits,
      StreamReadConstraints json,
      Clock clock,
      RepeatedStrings strings) {
    super(body);
    this.limits = limits;
    this.maxString = json.getMaxStringLength();
    this.maxName = json.getMaxNameLength();
    this.clock = clock;
    this.strings = strings;
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
      while (true) {
        if (!event(out)) {
          return null;
        }
        skipWhitespace();
        if (pos == end) {
          return null;
        }
        byte c = b[pos++];
        if (c == ']') {
          break;
        }
        if (c != ',') {
          return null;
        }
        skipWhitespace();
      }
      skipWhitespace();
      return pos == end ? out : null;
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
    long ts = 0;
    String service = null;
    String route = null;
    String method = null;
    int status = 0;
    double duration = 0;
    Map<String, String> labels = Map.of();
    int seen = 0;
    skipWhitespace();
    while (true) {
      int field = key();
      if (field == 0 || (seen & field) != 0) {
        return false;
      }
      seen |= field;
      if (!colon()) {
        return false;
      }
      switch (field) {
        case TS -> {
          ts = timestamp();
          if (ts == UtcTimestamp.NOT_COMMON) {
            return false;
          }
        }
        case SERVICE -> service = labelValue();
        case ROUTE -> route = labelValue();
        case METHOD -> method = labelValue();
        case STATUS -> {
          status = status();
          if (status == 0) {
            return false;
          }
        }
        case DURATION -> {
          duration = duration();
          if (Double.isNaN(duration)) {
            return false;
          }
        }
        default -> {
          labels = labels();
          if (labels == null) {
            return false;
          }
        }
      }
      if (field == SERVICE && service == null
          || field == ROUTE && route == null
          || field == METHOD && method == null) {
        return false;
      }
      skipWhitespace();
      if (pos == end) {
        return false;
      }
      byte c = b[pos++];
      if (c == '}') {
        break;
      }
      if (c != ',') {
        return false;
      }
      skipWhitespace();
    }
    if ((seen & REQUIRED) != REQUIRED || labels.size() + 4 > limits.maxLabelsPerSeries()) {
      return false;
    }
    out.add(
        new RequestEvent(
            (seen & TS) == 0 ? clock.millis() : ts,
            service,
            route,
            method,
            status,
            duration,
            labels));
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

  /** A non-empty label value within the limits, or null. */
  private String labelValue() {
    if (!string(maxString)) {
      return null;
    }
    int length = stringEnd - pos;
    if (length == 0 || length > limits.maxLabelValueLength()) {
      return null;
    }
    String s = strings.ofAscii(b, pos, length, stringHash);
    pos = stringEnd + 1;
    return s;
  }

  /** Epoch milliseconds from an integer or a UTC time, or NOT_COMMON. */
  private long timestamp() {
    if (pos == end) {
      return UtcTimestamp.NOT_COMMON;
    }
    if (b[pos] == '"') {
      if (!string(maxString) || stringEnd - pos > scratch.length) {
        return UtcTimestamp.NOT_COMMON;
      }
      int length = stringEnd - pos;
      for (int i = 0; i < length; i++) {
        scratch[i] = (char) b[pos + i];
      }
      pos = stringEnd + 1;
      return UtcTimestamp.parse(scratch, 0, length);
    }
    // 12 to 18 digits, no leading zero: a long at or above SECONDS_SUSPECT_BELOW_MS.
    int start = pos;
    long ms = 0;
    while (pos < end && b[pos] >= '0' && b[pos] <= '9' && pos - start < 18) {
      ms = ms * 10 + (b[pos++] - '0');
    }
    if (b[start] == '0' || ms < SECONDS_SUSPECT_BELOW_MS) {
      return UtcTimestamp.NOT_COMMON;
    }
    return ms;
  }

  /** An integer status in 100..599, or 0. */
  private int status() {
    if (end - pos < 3) {
      return 0;
    }
    int status = 0;
    for (int i = 0; i < 3; i++) {
      byte c = b[pos + i];
      if (c < '0' || c > '9') {
        return 0;
      }
      status = status * 10 + (c - '0');
    }
    pos += 3;
    return status >= 100 && status <= 599 ? status : 0;
  }

  /** A plain decimal {@code 0|[1-9][0-9]*} with an optional fraction, or NaN. */
  private double duration() {
    int start = pos;
    long mantissa = 0;
    if (pos < end && b[pos] == '0') {
      pos++;
    } else {
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        mantissa = mantissa * 10 + (b[pos++] - '0');
      }
    }
    if (pos == start) {
      return Double.NaN;
    }
    int fractionDigits = 0;
    if (pos < end && b[pos] == '.') {
      int fraction = ++pos;
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        mantissa = mantissa * 10 + (b[pos++] - '0');
      }
      fractionDigits = pos - fraction;
      if (fractionDigits == 0) {
        return Double.NaN;
      }
    }
    // As PlainDecimal.parse reads text: at most 18 characters, so the mantissa did not overflow.
    return pos - start > 18 ? Double.NaN : PlainDecimal.of(mantissa, fractionDigits);
  }

  /** An object of valid labels, or null. */
  private Map<String, String> labels() {
    if (pos == end || b[pos] != '{') {
      return null;
    }
    pos++;
    skipWhitespace();
    Map<String, String> out = new HashMap<>();
    if (pos < end && b[pos] == '}') {
      pos++;
      return out;
    }
    while (true) {
      if (!string(maxName)) {
        return null;
      }
      int nameStart = pos;
      int nameLength = stringEnd - pos;
      if (!labelName(nameStart, nameLength)) {
        return null;
      }
      String name = strings.ofAscii(b, nameStart, nameLength, stringHash);
      pos = stringEnd + 1;
      if (!colon() || !string(maxString) || stringEnd - pos > limits.maxLabelValueLength()) {
        return null;
      }
      String value = strings.ofAscii(b, pos, stringEnd - pos, stringHash);
      pos = stringEnd + 1;
      if (out.put(name, value) != null) {
        return null;
      }
      skipWhitespace();
      if (pos == end) {
        return null;
      }
      byte c = b[pos++];
      if (c == '}') {
        return out;
      }
      if (c != ',') {
        return null;
      }
      skipWhitespace();
    }
  }

  /** Whether the bytes are a label name an event may set: [a-zA-Z_][a-zA-Z0-9_]*, not __*. */
  private boolean labelName(int from, int length) {
    if (length == 0 || length > limits.maxLabelNameLength()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      byte c = b[from + i];
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
        return false;
      }
    }
    if (length >= 2 && b[from] == '_' && b[from + 1] == '_') {
      return false;
    }
    // The labels the event sets itself: job, http_*, le.
    return !(length == 2 && b[from] == 'l' && b[from + 1] == 'e'
        || length == 3 && b[from] == 'j' && b[from + 1] == 'o' && b[from + 2] == 'b'
        || length > 5 && same(from, HTTP) && isReserved(from, length));
  }

  private boolean isReserved(int from, int length) {
    String name = new String(b, from, length, StandardCharsets.US_ASCII);
    return EventsDecoder.RESERVED_LABELS.contains(name);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
