package dev.burnrate.bridge.internal.change;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.BridgeSettings.GatePolicy;
import dev.burnrate.bridge.BridgeSettings.ServiceGate;
import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.incident.IncidentSql;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.TimelineSql;
import dev.burnrate.bridge.internal.request.RequestSql;
import dev.burnrate.bridge.internal.request.ServiceRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * The change gate: allows or denies a change by the error-budget policy, and records every decision
 * with its reasons.
 */
public final class ChangeGate {
  private final BridgeContext ctx;
  private final ChangeService service;

  /** A gate over a context. */
  public ChangeGate(BridgeContext ctx, ChangeService service) {
    this.ctx = ctx;
    this.service = service;
  }

  /**
   * Decides on a change; with {@code record} the change is recorded too (state approved when
   * allowed, rejected when denied), linked to the decision.
   */
  public ObjectNode evaluate(Change input, boolean record, String by) {
    ctx.checkService("service", input.service());
    String svc = input.service();
    String kind = input.kind();
    GatePolicy policy = ctx.settings().gate();
    ServiceGate sg = policy.forService(svc);
    return ctx.tx(
        c -> {
          Instant now = ctx.clock().instant();
          ObjectNode budgets = Json.object();
          List<String> spent = new ArrayList<>();
          List<String> healthy = new ArrayList<>();
          for (String slo : new TreeSet<>(ctx.budgets().slosOf(svc))) {
            OptionalDouble r = ctx.budgets().remaining(slo);
            if (r.isEmpty()) {
              budgets.putNull(slo);
              continue;
            }
            budgets.put(slo, r.getAsDouble());
            String line =
                String.format(
                    Locale.ROOT,
                    "SLO %s has %s of its error budget left (freeze at <= %s)",
                    slo,
                    pct(r.getAsDouble()),
                    pct(sg.freezeBelow()));
            (r.getAsDouble() <= sg.freezeBelow() ? spent : healthy).add(line);
          }
          List<String> majors =
              sg.freezeOnMajorIncident() ? IncidentSql.activeMajorIncidents(c, svc, 2) : List.of();
          List<ServiceRequest> exceptions =
              RequestSql.requestsInForce(c, svc, "freeze_exception", now);
          List<ServiceRequest> resets = RequestSql.requestsInForce(c, svc, "budget_reset", now);

          List<String> reasons = new ArrayList<>();
          boolean allowed;
          boolean flagged = false;
          List<String> freezes = new ArrayList<>();
          boolean budgetFreeze = !spent.isEmpty();
          if (budgetFreeze && !resets.isEmpty()) {
            ServiceRequest r = resets.get(0);
            reasons.add(
                "error-budget reset "
                    + r.key()
                    + " approved by "
                    + r.decidedBy()
                    + " is in force until "
                    + r.validUntil()
                    + ": the spent budget does not freeze changes ("
                    + String.join("; ", spent)
                    + ")");
            budgetFreeze = false;
          }
          if (budgetFreeze && kind.equals("standard") && policy.standardBypassesBudgetFreeze()) {
            reasons.add(
                "standard change: pre-approved and low-risk, it passes the budget freeze ("
                    + String.join("; ", spent)
                    + ")");
            budgetFreeze = false;
          }
          if (budgetFreeze) {
            spent.forEach(s -> freezes.add("budget freeze: " + s));
          }
          for (String k : majors) {
            freezes.add("major-incident freeze: " + k + " (P1/P2) is open on " + svc);
          }
          if (kind.equals("emergency")) {
            allowed = true;
            flagged = true;
            reasons.add(
                "emergency change: allowed whatever the budget, recorded and flagged for review");
            freezes.forEach(f -> reasons.add("would otherwise be denied: " + f));
          } else if (!freezes.isEmpty() && !exceptions.isEmpty()) {
            ServiceRequest e = exceptions.get(0);
            allowed = true;
            reasons.add(
                "freeze exception "
                    + e.key()
                    + " approved by "
                    + e.decidedBy()
                    + " is in force until "
                    + e.validUntil()
                    + ": "
                    + e.reason());
            freezes.forEach(f -> reasons.add("overridden: " + f));
          } else if (!freezes.isEmpty()) {
            allowed = false;
            reasons.addAll(freezes);
          } else {
            allowed = true;
            if (budgets.isEmpty()) {
              reasons.add("no SLO covers service " + svc + ": no error-budget policy applies");
            }
          }
          if (!kind.equals("emergency")) {
            healthy.forEach(reasons::add);
          }
          long id = ChangeSql.insertDecision(c, svc, kind, allowed, flagged, reasons, budgets, now);
          String changeKey = null;
          Optional<Change> existing =
              record && input.externalId() != null
                  ? ChangeSql.changeByExternalId(c, input.sourceSystem(), input.externalId())
                  : Optional.empty();
          if (existing.isPresent()) {
            // A retried evaluate of the same CI run: the change is recorded once.
            ChangeSql.decisionChange(c, id, existing.get().key());
            ObjectNode out = ChangeView.decision(ChangeSql.decision(c, id).orElseThrow());
            out.set("changeRecord", ChangeView.of(c, existing.get(), true));
            return out;
          }
          if (record) {
            Change ch =
                input.decided(
                    allowed ? ChangeState.APPROVED : ChangeState.REJECTED, flagged, id, now);
            Change stored = service.insert(c, ch, by);
            changeKey = stored.key();
            ChangeSql.decisionChange(c, id, changeKey);
            TimelineSql.append(
                c,
                changeKey,
                now,
                "gate",
                (allowed ? "Allowed" : "Denied")
                    + " by the change gate: "
                    + String.join("; ", reasons),
                "burnrate",
                Json.object());
          }
          ObjectNode out = ChangeView.decision(ChangeSql.decision(c, id).orElseThrow());
          if (changeKey != null) {
            out.set(
                "changeRecord",
                ChangeView.of(c, ChangeSql.change(c, changeKey, false).orElseThrow(), true));
          }
          return out;
        });
  }

  static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }
}
