package dev.burnrate.ingest.events;

import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.burnrate.ingest.limits.IngestLimits;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The values of an event's fields for {@link PlainEventsParser}, read at the cursor exactly as
 * {@link EventsDecoder} would read them through Jackson, or declined: label values, times, status
 * codes, durations and the labels object. Each reader returns its own "declined" value (null, 0,
 * NaN or {@link UtcTimestamp#NOT_COMMON}); on a decline the cursor is left where it stopped.
 */
abstract sealed class PlainEventValues extends PlainJsonCursor permits PlainEventsParser {
  private static final byte[] HTTP = "http_".getBytes(StandardCharsets.US_ASCII);
  // Epoch milliseconds below this are refused by the decoder as probable epoch seconds.
  private static final long SECONDS_SUSPECT_BELOW_MS = 100_000_000_000L;

  final IngestLimits limits;
  final int maxString;
  final int maxName;
  private final RepeatedStrings strings;
  private final char[] scratch = new char[32];

  PlainEventValues(
      byte[] body, IngestLimits limits, StreamReadConstraints json, RepeatedStrings strings) {
    super(body);
    this.limits = limits;
    this.maxString = json.getMaxStringLength();
    this.maxName = json.getMaxNameLength();
    this.strings = strings;
  }

  /** A non-empty label value within the limits, or null. */
  final String labelValue() {
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
  final long timestamp() {
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
  final int status() {
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
  final double duration() {
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
  final Map<String, String> labels() {
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
      int next = separator((byte) '}');
      if (next != MORE) {
        return next == CLOSED ? out : null;
      }
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
}
