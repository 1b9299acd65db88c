package dev.burnrate.ingest.remotewrite;

import java.nio.charset.StandardCharsets;

/**
 * The strings of the label names and values of one request's selected series: labels repeat from
 * series to series (names nearly always, values often), so an ASCII string seen before is found by
 * its bytes instead of made again. A direct-mapped table; a collision replaces the older string.
 */
final class LabelStrings {
  private static final int SLOTS = 256;
  private final String[] slots = new String[SLOTS];

  /** The string of {@code buf[off, off + len)}, bytes already checked as valid UTF-8. */
  String get(byte[] buf, int off, int len) {
    int h = len;
    int bits = 0;
    for (int i = off; i < off + len; i++) {
      h = 31 * h + buf[i];
      bits |= buf[i];
    }
    if (bits < 0) {
      return new String(buf, off, len, StandardCharsets.UTF_8);
    }
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    String s = slots[slot];
    if (s != null && sameAscii(s, buf, off, len)) {
      return s;
    }
    s = new String(buf, off, len, StandardCharsets.ISO_8859_1);
    slots[slot] = s;
    return s;
  }

  private static boolean sameAscii(String s, byte[] buf, int off, int len) {
    if (s.length() != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (s.charAt(i) != buf[off + i]) {
        return false;
      }
    }
    return true;
  }
}
