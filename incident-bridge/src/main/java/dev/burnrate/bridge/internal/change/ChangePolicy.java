package dev.burnrate.bridge.internal.change;

import static java.util.Objects.requireNonNull;

import dev.burnrate.yaml.YamlNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How changes are enabled: how many approvals a normal change needs and from whom, the standard
 * changes pre-approved as templates, and the blackout windows. It is the {@code bridge.changes}
 * section of {@code burnrate.yaml}; with none of it every change is approved as it is recorded.
 *
 * @param approvalsRequired approvals a normal change needs (at most as many as it has approvers)
 * @param advisoryBoard the change advisory board: approvers of services without their own
 * @param templates standard changes by name, pre-approved
 * @param blackouts when changes may not start
 */
public record ChangePolicy(
    int approvalsRequired,
    List<String> advisoryBoard,
    Map<String, Template> templates,
    List<Blackout> blackouts) {

  static final Set<String> KINDS = Set.of("standard", "normal", "emergency");
  static final Set<String> RISKS = Set.of("low", "medium", "high");
  private static final Pattern WEEK_TIME =
      Pattern.compile("(?i)(mon|tue|wed|thu|fri|sat|sun)[a-z]*\\s+(\\d{1,2}:\\d{2})");

  /**
   * A standard change: low-risk, done often the same way, approved once as a template.
   *
   * @param name the name a change gives as {@code template}
   * @param title the title of its changes when they give none
   * @param risk low, medium or high
   * @param rollbackPlan how a change of it is undone, or null
   * @param services the services it may change (empty: any)
   */
  public record Template(
      String name, String title, String risk, String rollbackPlan, Set<String> services) {
    /** Checks the template. */
    public Template {
      requireNonNull(name, "name");
      requireNonNull(title, "title");
      requireNonNull(risk, "risk");
      services = Set.copyOf(services);
    }
  }

  /** Checks the policy and copies its lists. */
  public ChangePolicy {
    advisoryBoard = List.copyOf(advisoryBoard);
    templates = Map.copyOf(templates);
    blackouts = List.copyOf(blackouts);
    if (approvalsRequired < 1 || approvalsRequired > 20) {
      throw new IllegalArgumentException(
          "approvalsRequired must be 1..20, got " + approvalsRequired);
    }
  }

  /** One approval, no board, no templates, no blackouts: every change is approved as recorded. */
  public static ChangePolicy defaults() {
    return new ChangePolicy(1, List.of(), Map.of(), List.of());
  }

  /**
   * Parses the {@code changes} section (its {@code correlationWindow} is checked here and read by
   * the bridge settings); errors read {@code file:line:column: path: message}.
   */
  public static ChangePolicy parse(YamlNode n) {
    ChangePolicy d = defaults();
    Map<String, YamlNode> m =
        n.mapping(Set.of("correlationWindow", "approval", "templates", "blackouts"));
    if (m.containsKey("correlationWindow")) {
      Duration corr = m.get("correlationWindow").duration();
      if (corr.isZero() || corr.isNegative()) {
        throw m.get("correlationWindow").error("must be longer than zero");
      }
    }
    int required = d.approvalsRequired;
    List<String> board = d.advisoryBoard;
    if (m.containsKey("approval")) {
      Map<String, YamlNode> a = m.get("approval").mapping(Set.of("required", "advisoryBoard"));
      if (a.containsKey("required")) {
        required = a.get("required").integer(1, 20);
      }
      if (a.containsKey("advisoryBoard")) {
        board = names(a.get("advisoryBoard"));
      }
    }
    Map<String, Template> templates = new LinkedHashMap<>();
    if (m.containsKey("templates")) {
      for (Map.Entry<String, YamlNode> e : m.get("templates").mapping(null).entrySet()) {
        templates.put(e.getKey(), template(e.getKey(), e.getValue()));
      }
    }
    List<Blackout> blackouts = new ArrayList<>();
    if (m.containsKey("blackouts")) {
      Set<String> seen = new HashSet<>();
      for (YamlNode b : m.get("blackouts").sequence()) {
        Blackout parsed = blackout(b);
        if (!seen.add(parsed.name())) {
          throw b.error("another blackout is already named '" + parsed.name() + "'");
        }
        blackouts.add(parsed);
      }
    }
    return new ChangePolicy(required, board, templates, blackouts);
  }

  private static List<String> names(YamlNode n) {
    List<String> out = new ArrayList<>();
    for (YamlNode x : listOrOne(n)) {
      String s = x.nonBlank().strip();
      if (out.contains(s)) {
        throw x.error("names '" + s + "' twice");
      }
      out.add(s);
    }
    return out;
  }

  private static List<YamlNode> listOrOne(YamlNode n) {
    // A scalar stands for a list of one.
    return isScalar(n) ? List.of(n) : n.sequence();
  }

  private static boolean isScalar(YamlNode n) {
    try {
      n.text();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Template template(String name, YamlNode n) {
    if (!name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
      throw n.error("template names are lower-case letters, digits, '.', '_' and '-'");
    }
    Map<String, YamlNode> m = n.mapping(Set.of("title", "risk", "rollbackPlan", "services"));
    if (!m.containsKey("title")) {
      throw n.error("missing key 'title'");
    }
    String risk = m.containsKey("risk") ? oneOf(m.get("risk"), RISKS) : "low";
    return new Template(
        name,
        m.get("title").nonBlank(),
        risk,
        m.containsKey("rollbackPlan") ? m.get("rollbackPlan").nonBlank() : null,
        m.containsKey("services") ? Set.copyOf(names(m.get("services"))) : Set.of());
  }

  private static String oneOf(YamlNode n, Set<String> allowed) {
    String v = n.text();
    if (!allowed.contains(v)) {
      throw n.error("expected one of " + allowed.stream().sorted().toList() + ", got '" + v + "'");
    }
    return v;
  }

  private static Blackout blackout(YamlNode n) {
    Map<String, YamlNode> m =
        n.mapping(Set.of("name", "kinds", "services", "zone", "weekly", "from", "to"));
    if (!m.containsKey("name")) {
      throw n.error("missing key 'name'");
    }
    String name = m.get("name").nonBlank();
    Set<String> kinds = Set.of("normal");
    if (m.containsKey("kinds")) {
      Set<String> k = new HashSet<>();
      for (YamlNode x : listOrOne(m.get("kinds"))) {
        k.add(oneOf(x, KINDS));
      }
      kinds = k;
    }
    Set<String> services =
        m.containsKey("services") ? Set.copyOf(names(m.get("services"))) : Set.of();
    if (!m.containsKey("zone")) {
      throw n.error("missing key 'zone' (such as Europe/Berlin or UTC)");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(m.get("zone").nonBlank());
    } catch (DateTimeException e) {
      throw m.get("zone").error("unknown time zone '" + m.get("zone").text() + "'");
    }
    boolean weekly = m.containsKey("weekly");
    boolean dated = m.containsKey("from") || m.containsKey("to");
    if (weekly == dated) {
      throw n.error("give either 'weekly' (from, to) or a freeze's 'from' and 'to' dates");
    }
    if (weekly) {
      Map<String, YamlNode> w = m.get("weekly").mapping(Set.of("from", "to"));
      for (String k : List.of("from", "to")) {
        if (!w.containsKey(k)) {
          throw m.get("weekly").error("missing key '" + k + "' (such as 'Fri 18:00')");
        }
      }
      YamlNode f = w.get("from");
      YamlNode t = w.get("to");
      Matcher fm = weekTime(f);
      Matcher tm = weekTime(t);
      try {
        Blackout.Weekly wk =
            new Blackout.Weekly(
                day(fm.group(1)), time(f, fm.group(2)), day(tm.group(1)), time(t, tm.group(2)));
        return new Blackout(name, kinds, services, zone, wk, null, null);
      } catch (IllegalArgumentException e) {
        throw m.get("weekly").error(e.getMessage());
      }
    }
    for (String k : List.of("from", "to")) {
      if (!m.containsKey(k)) {
        throw n.error("missing key '" + k + "' (such as 2026-12-20T00:00)");
      }
    }
    LocalDateTime from = date(m.get("from"));
    LocalDateTime to = date(m.get("to"));
    if (!to.isAfter(from)) {
      throw m.get("to").error("a freeze must end after it starts (" + from + ")");
    }
    return new Blackout(name, kinds, services, zone, null, from, to);
  }

  private static Matcher weekTime(YamlNode n) {
    Matcher x = WEEK_TIME.matcher(n.text().strip());
    if (!x.matches()) {
      throw n.error("expected a day and a time such as 'Fri 18:00', got '" + n.text() + "'");
    }
    return x;
  }

  private static DayOfWeek day(String prefix) {
    String p = prefix.toLowerCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().toLowerCase(Locale.ROOT).startsWith(p)) {
        return d;
      }
    }
    throw new IllegalStateException(prefix);
  }

  private static LocalTime time(YamlNode n, String text) {
    try {
      return LocalTime.parse(text.length() == 4 ? "0" + text : text);
    } catch (DateTimeParseException e) {
      throw n.error("not a time of day: '" + text + "'");
    }
  }

  private static LocalDateTime date(YamlNode n) {
    String t = n.nonBlank().strip();
    try {
      return t.length() == 10
          ? java.time.LocalDate.parse(t).atStartOfDay()
          : LocalDateTime.parse(t);
    } catch (DateTimeParseException e) {
      throw n.error("expected a local date or date-time such as 2026-12-20 or 2026-12-20T18:00");
    }
  }
}
