package dev.burnrate.ingest.otlp.internal;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.LimitProblems;
import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.limits.IngestLimits;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A data point's labels: its attributes as label names and values, then the resource's job and
 * instance.
 */
final class OtlpLabels {
  private OtlpLabels() {}

  /**
   * Sets {@code labels} to a point's attributes as labels, then the resource's {@code job} and
   * {@code instance}. Attributes are read one at a time and the first one that breaks a limit ends
   * the reading, so a point with 100,000 attributes costs no more than one just over the limit;
   * attributes that map to one label name join their values in the order of their keys (one sort
   * per such name: O(n log n) in all).
   *
   * @throws HttpProblem 400 for an empty key or a label limit
   */
  static void fillLabels(
      SeriesLabels labels,
      List<KeyValue> attributes,
      OtlpTranslator.Resource resource,
      IngestLimits limits) {
    labels.clear();
    int maxLabels = limits.maxLabelsPerSeries();
    int maxValue = limits.maxLabelValueLength();
    // Label name -> the attributes that map to it, and the joined value's UTF-8 length so far.
    Map<String, Merged> byName = new HashMap<>();
    int n = attributes.size();
    for (int i = 0; i < n; i++) {
      KeyValue kv = attributes.get(i);
      String name = OtlpNames.labelName(kv.getKey());
      if (name.isEmpty()) {
        throw HttpProblem.badRequest("attributes", "an attribute has an empty key");
      }
      String value = OtlpAttributeText.text(kv.getValue());
      Merged m = byName.get(name);
      if (m == null) {
        if (byName.size() == maxLabels) {
          throw LimitProblems.overLimit(
              "maxLabelsPerSeries",
              maxLabels,
              "a series with more than " + maxLabels + " labels (attribute " + (i + 1) + ")");
        }
        if (utf8Length(name) > limits.maxLabelNameLength()) {
          throw LimitProblems.overLimit(
              "maxLabelNameLength",
              limits.maxLabelNameLength(),
              "the label name " + abbreviate(name));
        }
        m = new Merged(kv.getKey(), value);
        byName.put(name, m);
      } else {
        m.add(kv.getKey(), value);
      }
      if (m.length > maxValue) {
        throw LimitProblems.overLimit(
            "maxLabelValueLength", maxValue, "the value of label " + abbreviate(name));
      }
    }
    List<String> names = new ArrayList<>(byName.keySet());
    names.sort(null);
    for (String name : names) {
      labels.add(name, byName.get(name).value());
    }
    if (resource.job() != null) {
      labels.put("job", resource.job());
    }
    if (resource.instance() != null) {
      labels.put("instance", resource.instance());
    }
    if (labels.size() > maxLabels) {
      throw LimitProblems.overLimit(
          "maxLabelsPerSeries", maxLabels, "a series with " + labels.size() + " labels");
    }
    for (String resourceLabel : new String[] {"job", "instance"}) {
      String v = labels.get(resourceLabel);
      if (v != null && utf8Length(v) > maxValue) {
        throw LimitProblems.overLimit(
            "maxLabelValueLength", maxValue, "the value of label " + resourceLabel);
      }
    }
  }

  /** The attributes that map to one label name: their keys and values, and the joined length. */
  static final class Merged {
    private final List<String> keys = new ArrayList<>(1);
    private final List<String> values = new ArrayList<>(1);
    long length;

    Merged(String key, String value) {
      keys.add(key);
      values.add(value);
      length = utf8Length(value);
    }

    void add(String key, String value) {
      keys.add(key);
      values.add(value);
      length += 1 + utf8Length(value);
    }

    /** The values joined with {@code ;}, ordered by attribute key (stable for equal keys). */
    String value() {
      if (values.size() == 1) {
        return values.get(0);
      }
      Integer[] order = new Integer[values.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparing(keys::get));
      StringBuilder sb = new StringBuilder((int) length);
      for (int i = 0; i < order.length; i++) {
        if (i > 0) {
          sb.append(';');
        }
        sb.append(values.get(order[i]));
      }
      return sb.toString();
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  static int utf8Length(String s) {
    int n = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        n += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
      }
    }
    return n;
  }
}
