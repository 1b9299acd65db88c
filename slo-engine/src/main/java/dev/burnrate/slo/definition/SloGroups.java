package dev.burnrate.slo.definition;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The instances of a grouped SLO: one per value of its grouping labels, named {@code
 * <slo>{route="/pay",tenant="a"}} (the labels in the SLO's grouping order, the values quoted as
 * PromQL quotes them). The name is the instance's id everywhere: in the store, the engine, the API
 * and incidents.
 */
public final class SloGroups {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** The default limit on the number of instances of one grouped SLO. */
  public static final int DEFAULT_MAX_GROUPS = 100;

  private SloGroups() {}

  /** Whether a text is a valid Prometheus label name, as grouping labels must be. */
  public static boolean validLabelName(String name) {
    return LABEL_NAME.matcher(name).matches() && !name.startsWith("__") && !name.equals("le");
  }

  /**
   * The name of the instance of {@code slo} for these values of its grouping labels (a missing
   * label has the value {@code ""}).
   */
  public static String instanceName(String slo, List<String> labels, List<String> values) {
    requireNonNull(slo, "slo");
    if (labels.size() != values.size()) {
      throw new IllegalArgumentException(
          "one value per grouping label: " + labels.size() + " labels, " + values.size());
    }
    StringBuilder b = new StringBuilder(slo.length() + 16 * labels.size()).append(slo).append('{');
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(labels.get(i)).append("=\"");
      String v = values.get(i);
      for (int k = 0; k < v.length(); k++) {
        char c = v.charAt(k);
        switch (c) {
          case '\\' -> b.append("\\\\");
          case '"' -> b.append("\\\"");
          case '\n' -> b.append("\\n");
          default -> b.append(c);
        }
      }
      b.append('"');
    }
    return b.append('}').toString();
  }

  /** The grouped SLO an instance name belongs to (the text before its first {@code {}). */
  public static Optional<String> parentOf(String name) {
    int brace = name.indexOf('{');
    return brace > 0 && name.endsWith("}")
        ? Optional.of(name.substring(0, brace))
        : Optional.empty();
  }

  /**
   * The values of the grouping labels in an instance name of {@code parent}, or empty when the name
   * is not exactly {@link #instanceName} of these labels.
   */
  public static Optional<List<String>> values(String name, SloSpec parent) {
    List<String> labels = parent.grouping();
    String prefix = parent.name() + "{";
    if (labels.isEmpty() || !name.startsWith(prefix) || !name.endsWith("}")) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>(labels.size());
    int i = prefix.length();
    for (int l = 0; l < labels.size(); l++) {
      String head = (l > 0 ? "," : "") + labels.get(l) + "=\"";
      if (!name.startsWith(head, i)) {
        return Optional.empty();
      }
      i += head.length();
      StringBuilder v = new StringBuilder();
      while (true) {
        if (i >= name.length()) {
          return Optional.empty();
        }
        char c = name.charAt(i++);
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          if (i >= name.length()) {
            return Optional.empty();
          }
          char e = name.charAt(i++);
          switch (e) {
            case '\\' -> v.append('\\');
            case '"' -> v.append('"');
            case 'n' -> v.append('\n');
            default -> {
              return Optional.empty();
            }
          }
        } else {
          v.append(c);
        }
      }
      values.add(v.toString());
    }
    if (i != name.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(List.copyOf(values));
  }

  /**
   * The spec of one instance of a grouped SLO: the parent's objective, window, SLI and alert rules,
   * named by {@link #instanceName}, with the group's labels added to the parent's labels (so alerts
   * and incidents carry them), and not grouped itself.
   */
  public static SloSpec instance(SloSpec parent, List<String> values) {
    if (!parent.grouped()) {
      throw new IllegalArgumentException("SLO " + parent.name() + " is not grouped");
    }
    Map<String, String> labels = new LinkedHashMap<>(parent.labels());
    for (int i = 0; i < values.size(); i++) {
      labels.put(parent.grouping().get(i), values.get(i));
    }
    return new SloSpec(
        instanceName(parent.name(), parent.grouping(), values),
        parent.service(),
        parent.description(),
        parent.objective(),
        parent.window(),
        parent.budgetingMethod(),
        parent.timeSlices(),
        parent.sli(),
        parent.alertRules(),
        labels,
        parent.source(),
        List.of(),
        List.of());
  }

  /** The group's label values of an instance, in the parent's grouping order. */
  public static Map<String, String> groupLabels(SloSpec parent, List<String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      out.put(parent.grouping().get(i), values.get(i));
    }
    return out;
  }
}
