package dev.burnrate.ingest.internal;

import java.util.Arrays;

/**
 * The labels of one series being decoded (without {@code __name__}), reused from series to series
 * so that decoding allocates nothing per series beyond the strings themselves.
 */
public final class SeriesLabels {
  private String[] names = new String[16];
  private String[] values = new String[16];
  private int size;

  /** Empty labels. */
  public SeriesLabels() {}

  /** Forgets every label. */
  public void clear() {
    Arrays.fill(names, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
  }

  /** Adds a label; callers check for duplicates with {@link #get} when they must. */
  public void add(String name, String value) {
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    values[size] = value;
    size++;
  }

  /** The value of a label, or null when absent. */
  public String get(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  /** Sets a label, replacing its value when present. */
  public void put(String name, String value) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        values[i] = value;
        return;
      }
    }
    add(name, value);
  }

  /** Removes the last label added (used to try one extra label, such as {@code le}). */
  public void removeLast() {
    size--;
    names[size] = null;
    values[size] = null;
  }

  /** The number of labels. */
  public int size() {
    return size;
  }

  /** The i-th label's name. */
  public String name(int i) {
    return names[i];
  }

  /** The i-th label's value. */
  public String value(int i) {
    return values[i];
  }

  /**
   * The series key: {@code metric{a="x",b="y"}} with labels sorted by name and values escaped as in
   * the Prometheus text format; labels with an empty value are left out, as Prometheus treats them
   * as absent.
   */
  public String seriesKey(String metricName) {
    // Called for every matched sample: an insertion sort of indices (labels are few and usually
    // arrive sorted) and whole-string appends avoid boxing and per-character appends.
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      int k = i;
      while (k > 0 && names[order[k - 1]].compareTo(names[i]) > 0) {
        order[k] = order[k - 1];
        k--;
      }
      order[k] = i;
    }
    StringBuilder sb = new StringBuilder(metricName.length() + size * 24).append(metricName);
    sb.append('{');
    boolean first = true;
    for (int k = 0; k < size; k++) {
      int i = order[k];
      if (values[i].isEmpty()) {
        continue;
      }
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(names[i]).append("=\"");
      escape(values[i], sb);
      sb.append('"');
    }
    return sb.append('}').toString();
  }

  private static void escape(String v, StringBuilder sb) {
    int i = 0;
    int n = v.length();
    while (i < n) {
      char c = v.charAt(i);
      if (c == '\\' || c == '"' || c == '\n') {
        break;
      }
      i++;
    }
    sb.append(v, 0, i);
    for (; i < n; i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }

  @Override
  public String toString() {
    return seriesKey("");
  }
}
