package dev.burnrate.bridge.internal.problem;

import dev.burnrate.bridge.ProblemRules;
import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.alert.AlertSignal;
import dev.burnrate.bridge.internal.incident.IncidentSql;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.record.LinkSql;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recurring incidents make a problem: a new incident joins the open problem of its SLO or service,
 * or raises one when enough unlinked incidents happened within the window.
 */
public final class RecurringProblems {
  private final BridgeContext ctx;

  /** The rule over a context. */
  public RecurringProblems(BridgeContext ctx) {
    this.ctx = ctx;
  }

  /** Links a new incident to the open problem of its SLO or service, or raises one. */
  public void raise(
      Connection c, String incidentKey, String title, String service, String slo, Instant now)
      throws SQLException {
    Database.lock(c, "problem:" + service);
    if (slo != null) {
      Database.lock(c, "problem-slo:" + slo);
    }
    Optional<Problem> open = slo != null ? ProblemSql.openProblemForSlo(c, slo) : Optional.empty();
    if (open.isEmpty()) {
      open = ProblemSql.openProblemForService(c, service);
    }
    if (open.isPresent()) {
      Problem p = open.get();
      link(
          c,
          incidentKey,
          p,
          now,
          "Recurs: " + incidentKey + " (" + title + ") joins the open problem");
      Problem joined = p.withService(service);
      if (joined != p) {
        ProblemSql.updateProblem(c, joined);
      }
      ctx.outbox()
          .enqueue(c, ProblemSnapshots.of(c, joined), "linked", incidentKey + " linked", now);
      return;
    }
    ProblemRules rules = ctx.settings().problems();
    Instant since = now.minus(rules.window());
    String scope = null;
    List<String> keys = List.of();
    if (slo != null) {
      keys = IncidentSql.unlinkedIncidents(c, slo, null, since);
      scope = keys.size() >= rules.threshold() ? "slo" : null;
    }
    if (scope == null) {
      keys = IncidentSql.unlinkedIncidents(c, null, service, since);
      scope = keys.size() >= rules.threshold() ? "service" : null;
    }
    if (scope == null) {
      return;
    }
    String subject = scope.equals("slo") ? "SLO " + slo : "service " + service;
    String window = AlertSignal.fmt(rules.window());
    Problem p =
        ProblemSql.insertProblem(
            c,
            "Recurring incidents on " + subject + " (" + keys.size() + " within " + window + ")",
            scope,
            scope.equals("slo") ? slo : null,
            List.of(service),
            now);
    String msg =
        "Opened: "
            + keys.size()
            + " incidents on "
            + subject
            + " within "
            + window
            + ": "
            + String.join(", ", keys);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("incidents", keys);
    d.put("threshold", rules.threshold());
    d.put("window", window);
    TimelineSql.append(c, p.key(), now, "opened", msg, "burnrate", d);
    for (String k : keys) {
      link(c, k, p, now, null);
    }
    ctx.outbox().enqueue(c, ProblemSnapshots.of(c, p), "opened", msg, now);
  }

  private static void link(
      Connection c, String incidentKey, Problem p, Instant now, String problemMessage)
      throws SQLException {
    if (LinkSql.link(c, incidentKey, p.key(), "problem", null, now, "burnrate")) {
      TimelineSql.append(
          c,
          incidentKey,
          now,
          "problem",
          "Linked to problem " + p.key() + " (" + p.title() + ")",
          "burnrate",
          Map.of());
      if (problemMessage != null) {
        TimelineSql.append(c, p.key(), now, "linked", problemMessage, "burnrate", Map.of());
      }
    }
  }
}
