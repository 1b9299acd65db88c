package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.TimeSlices;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.yaml.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads OpenSLO v1alpha, the version Sloth reads: kinds {@code SLO} and {@code Service}; an SLO's
 * {@code objectives} carry their own {@code ratioMetrics} (good and total) or share the SLO's
 * {@code indicator.thresholdMetric}, and {@code timeWindows} count calendar units. Checked as
 * OpenSLO's SDK does, except that {@code value} is not required on ratio objectives and a window
 * with neither {@code isRolling} nor {@code calendar} is rolling, as Sloth reads them.
 */
final class OpenSloV1AlphaReader extends FieldReader {
  private static final int MAX_DESCRIPTION = 1050;
  private static final Duration DEFAULT_SLICE = Duration.ofMinutes(1);

  private final OpenSloTimeWindows windows;

  OpenSloV1AlphaReader(Diagnostics diagnostics) {
    super(diagnostics);
    this.windows = new OpenSloTimeWindows(diagnostics);
  }

  /** Reads one v1alpha object; SLOs give one spec per objective. */
  List<SloSpec> read(YamlNode doc) {
    int before = diagnostics.errorCount();
    knownKeys(doc, Set.of("apiVersion", "kind", "metadata", "spec"));
    Optional<String> kind = string(doc, "kind", true, "SLO or Service");
    if (kind.isEmpty()) {
      return List.of();
    }
    if (!Set.of("SLO", "Service").contains(kind.get())) {
      diagnostics.error(
          doc.get("kind").orElseThrow(),
          "unknown kind " + kind.get() + "; OpenSLO v1alpha kinds are SLO and Service");
      return List.of();
    }
    Optional<YamlNode> metadata = map(doc, "metadata", true, "name and displayName");
    Optional<String> name = metadata.flatMap(this::name);
    boolean isSlo = kind.get().equals("SLO");
    Optional<YamlNode> spec = map(doc, "spec", isSlo, "the " + kind.get() + "'s fields");
    if (!isSlo) {
      spec.ifPresent(
          s -> {
            knownKeys(s, Set.of("description"));
            description(s);
          });
      return List.of();
    }
    if (spec.isEmpty()) {
      return List.of();
    }
    List<SloSpec> out = slo(doc, name, spec.get());
    return diagnostics.errorCount() == before ? out : List.of();
  }

  private Optional<String> name(YamlNode metadata) {
    return openSloName(metadata, Set.of("name", "displayName"))
        .filter(n -> DNS_LABEL.matcher(n).matches());
  }

  private void description(YamlNode spec) {
    Optional<String> d = string(spec, "description", false, "free text");
    if (d.isPresent() && d.get().length() > MAX_DESCRIPTION) {
      diagnostics.error(
          spec.get("description").orElseThrow(),
          "is " + d.get().length() + " characters long; OpenSLO allows at most " + MAX_DESCRIPTION);
    }
  }

  private List<SloSpec> slo(YamlNode doc, Optional<String> name, YamlNode spec) {
    knownKeys(
        spec,
        Set.of(
            "description", "service", "indicator", "timeWindows", "budgetingMethod", "objectives"));
    description(spec);
    String description = spec.getNonNull("description").map(YamlNode::scalarText).orElse("");
    Optional<String> service = string(spec, "service", true, "the name of the service");
    boolean hasIndicator = spec.getNonNull("indicator").isPresent();
    Optional<Sli> threshold = hasIndicator ? indicator(spec) : Optional.empty();
    Optional<TimeWindow> window = timeWindow(spec);
    Optional<BudgetingMethod> method = windows.budgetingMethod(spec, true);
    SloFields fields =
        new SloFields(service, description, window, method, Optional.empty(), Map.of(), List.of());
    Optional<List<YamlNode>> objectives =
        nonEmptyList(
            spec,
            "objectives",
            "",
            given ->
                diagnostics.error(
                    given.orElse(spec),
                    "must list at least one objective with target (and ratioMetrics, or an"
                        + " indicator on the SLO)"));
    if (objectives.isEmpty()) {
      return List.of();
    }
    List<YamlNode> items = objectives.get();
    List<SloSpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      YamlNode o = items.get(i);
      int index = i;
      if (!expectMap(o, "target, and ratioMetrics or the SLO's indicator")) {
        continue;
      }
      knownKeys(
          o, Set.of("displayName", "op", "value", "target", "timeSliceTarget", "ratioMetrics"));
      string(o, "displayName", false, "a human-readable name");
      Optional<String> op = string(o, "op", false, "one of lt, lte, gt, gte");
      if (op.isPresent() && !Set.of("lt", "lte", "gt", "gte").contains(op.get())) {
        diagnostics.error(
            o.get("op").orElseThrow(), "must be one of lt, lte, gt, gte, got " + op.get());
      }
      Optional<Double> target = number(o, "target", true, "a ratio such as 0.999");
      if (target.isPresent() && !(target.get() > 0 && target.get() < 1)) {
        diagnostics.error(
            o.get("target").orElseThrow(),
            "must be between 0 and 1 exclusive, such as 0.999, got " + target.get());
        target = Optional.empty();
      }
      Optional<YamlNode> ratio = o.getNonNull("ratioMetrics");
      Optional<Sli> sli;
      if (ratio.isPresent() && hasIndicator) {
        diagnostics.error(
            ratio.get(), "only one of the SLO's indicator and objectives' ratioMetrics can be set");
        sli = Optional.empty();
      } else if (ratio.isPresent()) {
        sli =
            expectMap(ratio.get(), "good, total, incremental")
                ? ratioMetrics(ratio.get())
                : Optional.empty();
      } else if (hasIndicator) {
        if (o.getNonNull("value").isEmpty()) {
          missing(o, "value", "the threshold the metric is compared with");
        } else {
          number(o, "value", false, "the threshold of a thresholdMetric");
        }
        sli = threshold;
      } else {
        missing(o, "ratioMetrics", "good and total, or an indicator on the SLO");
        sli = Optional.empty();
      }
      Optional<TimeSlices> slices = method.flatMap(m -> slices(o, m));
      String sloName =
          name.map(n -> items.size() == 1 ? n : n + "-" + OpenSloReader.objectiveSuffix(o, index))
              .orElse("");
      if (items.size() > 1) {
        uniqueObjectiveName(o, sloName, names);
      }
      if (name.isPresent()) {
        fields
            .objective(sloName, target, slices, sli, placeOf(items.size() == 1 ? doc : o))
            .ifPresent(out::add);
      }
    }
    return out;
  }

  private Optional<TimeSlices> slices(YamlNode o, BudgetingMethod method) {
    if (method == BudgetingMethod.OCCURRENCES) {
      o.getNonNull("timeSliceTarget")
          .ifPresent(n -> diagnostics.warning(n, "is ignored with budgetingMethod Occurrences"));
      return Optional.empty();
    }
    Optional<Double> t =
        number(
            o, "timeSliceTarget", true, "the ratio a slice must reach, required with Timeslices");
    if (t.isEmpty()) {
      return Optional.empty();
    }
    if (!(t.get() > 0 && t.get() <= 1)) {
      diagnostics.error(
          o.get("timeSliceTarget").orElseThrow(),
          "must be above 0 and at most 1, such as 0.95, got " + t.get());
      return Optional.empty();
    }
    diagnostics.warning(
        o.get("timeSliceTarget").orElseThrow(),
        "OpenSLO v1alpha gives no slice length; Burnrate uses slices of 1m");
    return Optional.of(new TimeSlices(t.get(), DEFAULT_SLICE));
  }

  private Optional<TimeWindow> timeWindow(YamlNode spec) {
    Optional<YamlNode> tw = spec.getNonNull("timeWindows");
    if (tw.isEmpty() || !tw.get().isSequence() || tw.get().items().size() != 1) {
      diagnostics.error(
          tw.orElse(spec),
          "timeWindows must be a list with exactly one window (unit, count, and isRolling or"
              + " calendar), got "
              + tw.map(t -> t.isSequence() ? t.items().size() + " items" : t.describe())
                  .orElse("nothing"));
      return Optional.empty();
    }
    YamlNode w = tw.get().items().get(0);
    if (!expectMap(w, "unit, count, isRolling, calendar")) {
      return Optional.empty();
    }
    knownKeys(w, Set.of("unit", "count", "isRolling", "calendar"));
    Optional<String> unit = string(w, "unit", true, "Day, Week, Month, Quarter or Year");
    Optional<Double> count = number(w, "count", true, "how many units, such as 30");
    Optional<Boolean> rolling = bool(w, "isRolling");
    Optional<YamlNode> calendar = map(w, "calendar", false, "startTime and timeZone");
    if (count.isPresent() && !(count.get() >= 1 && count.get() == Math.rint(count.get()))) {
      diagnostics.error(
          w.get("count").orElseThrow(), "must be a whole number above 0, got " + count.get());
      return Optional.empty();
    }
    if (unit.isEmpty() || count.isEmpty()) {
      return Optional.empty();
    }
    // v1alpha names the units as the enum does, capitalised: Day, Week, Month, Quarter, Year.
    TimeWindow.CalendarUnit u =
        Arrays.stream(TimeWindow.CalendarUnit.values())
            .filter(
                c ->
                    (c.name().charAt(0) + c.name().substring(1).toLowerCase(Locale.ROOT))
                        .equals(unit.get()))
            .findFirst()
            .orElse(null);
    if (u == null) {
      diagnostics.error(
          w.get("unit").orElseThrow(),
          "must be Day, Week, Month, Quarter or Year, got " + unit.get());
      return Optional.empty();
    }
    int n = count.get().intValue();
    if (u.nominalLength().multipliedBy(n).compareTo(MAX_DURATION) > 0) {
      diagnostics.error(w, "is longer than Burnrate supports: at most 10 years");
      return Optional.empty();
    }
    if (rolling.orElse(false) && calendar.isPresent()) {
      diagnostics.error(calendar.get(), "calendar cannot be set when isRolling is true");
      return Optional.empty();
    }
    if (calendar.isEmpty()) {
      if (rolling.isPresent() && !rolling.get()) {
        missing(w, "calendar", "startTime and timeZone, when isRolling is false");
        return Optional.empty();
      }
      if (rolling.isEmpty()) {
        diagnostics.warning(
            w, "neither isRolling nor calendar is given; the window is taken as rolling");
      }
      return Optional.of(new TimeWindow.Rolling(u.nominalLength().multipliedBy(n)));
    }
    return windows.calendar(calendar.get(), u, n);
  }

  /** The SLO's {@code indicator.thresholdMetric}: loads, not evaluable. */
  private Optional<Sli> indicator(YamlNode spec) {
    Optional<YamlNode> ind = map(spec, "indicator", true, "thresholdMetric");
    if (ind.isEmpty()) {
      return Optional.empty();
    }
    knownKeys(ind.get(), Set.of("thresholdMetric"));
    Optional<YamlNode> t = map(ind.get(), "thresholdMetric", true, "source, queryType and query");
    if (t.isEmpty() || source(t.get()).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(thresholdMetric(t.get(), "ratioMetrics"));
  }

  /** A metric source: source, queryType and query, all required; the source's type. */
  private Optional<String> source(YamlNode m) {
    knownKeys(m, Set.of("source", "queryType", "query", "metadata"));
    Optional<String> source = string(m, "source", true, "the source type, such as prometheus");
    Optional<String> queryType = string(m, "queryType", true, "the query language, such as promql");
    Optional<String> query = string(m, "query", true, "the query");
    if (source.isEmpty() || queryType.isEmpty() || query.isEmpty()) {
      return Optional.empty();
    }
    return source;
  }

  private Optional<Sli> ratioMetrics(YamlNode r) {
    knownKeys(r, Set.of("good", "total", "incremental"));
    boolean incremental = bool(r, "incremental").orElse(false);
    Optional<YamlNode> good = map(r, "good", true, "source, queryType and query");
    Optional<YamlNode> total = map(r, "total", true, "source, queryType and query");
    Optional<String> gs = good.flatMap(this::source);
    Optional<String> ts = total.flatMap(this::source);
    if (gs.isEmpty() || ts.isEmpty()) {
      return Optional.empty();
    }
    for (var e : List.of(Map.entry(good.get(), gs.get()), Map.entry(total.get(), ts.get()))) {
      if (!e.getValue().equalsIgnoreCase("prometheus")) {
        String reason =
            "its metric source is " + e.getValue() + "; Burnrate evaluates Prometheus queries only";
        return Optional.of(notEvaluable(e.getKey(), Sli.Kind.GOOD_OVER_TOTAL, reason));
      }
    }
    // incremental: the queries return the counters themselves, as v1's counter: true.
    QueryResult n = counterQuery(good.get().get("query").orElseThrow(), incremental);
    QueryResult d = counterQuery(total.get().get("query").orElseThrow(), incremental);
    return ratio(Sli.Kind.GOOD_OVER_TOTAL, n, d);
  }
}
