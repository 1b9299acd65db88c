package dev.burnrate.bridge.internal.change;

import dev.burnrate.bridge.GatePolicy;
import dev.burnrate.bridge.ServiceGate;
import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.incident.IncidentSql;
import dev.burnrate.bridge.internal.record.TimelineSql;
import dev.burnrate.bridge.internal.request.RequestSql;
import dev.burnrate.bridge.internal.request.ServiceRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

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
  public ChangeView.GateView evaluate(Change input, boolean record, String by) {
    ctx.checkService("service", input.service());
    String svc = input.service();
    String kind = input.kind();
    GatePolicy policy = ctx.settings().gate();
    ServiceGate sg = policy.forService(svc);
    ChangePolicy changes = ctx.settings().changePolicy();
    ApprovalRule rule =
        ChangeDecisions.approvalFor(
            kind, input.plan().template(), svc, changes, ctx.catalog().approversOf(svc));
    return ctx.tx(
        c -> {
          Instant now = ctx.now();
          SortedMap<String, OptionalDouble> remaining = new TreeMap<>();
          for (String slo : ctx.budgets().slosOf(svc)) {
            remaining.put(slo, ctx.budgets().remaining(slo));
          }
          List<String> majors =
              sg.freezeOnMajorIncident() ? IncidentSql.activeMajorIncidents(c, svc, 2) : List.of();
          List<ServiceRequest> exceptions =
              RequestSql.requestsInForce(c, svc, "freeze_exception", now);
          List<ServiceRequest> resets = RequestSql.requestsInForce(c, svc, "budget_reset", now);
          List<String> blackouts =
              ChangeDecisions.blackoutReasons(changes.blackouts(), svc, kind, input.plan(), now);
          GateRules.Verdict v =
              GateRules.decide(
                  svc, kind, policy, sg, remaining, majors, exceptions, resets, blackouts);
          boolean allowed = v.allowed();
          boolean flagged = v.flagged();
          List<String> reasons = new ArrayList<>(v.reasons());
          if (rule.needed()) {
            reasons.add(
                kind + " change: needs " + ChangeDecisions.approvals(rule) + " before it starts");
          }
          long id =
              ChangeSql.insertDecision(
                  c, svc, kind, new GateRules.Verdict(allowed, flagged, reasons, v.budgets()), now);
          String changeKey = null;
          Optional<Change> existing =
              record && input.externalId() != null
                  ? ChangeSql.changeByExternalId(c, input.sourceSystem(), input.externalId())
                  : Optional.empty();
          if (existing.isPresent()) {
            // A retried evaluate of the same CI run: the change is recorded once.
            ChangeSql.decisionChange(c, id, existing.get().key());
            return new ChangeView.GateView(
                ChangeSnapshots.gate(ChangeSql.decision(c, id).orElseThrow()),
                service.view(c, existing.get(), true, now));
          }
          if (record) {
            ChangeState state =
                !allowed
                    ? ChangeState.REJECTED
                    : rule.needed() ? ChangeState.PLANNED : ChangeState.APPROVED;
            Change ch =
                service
                    .prepare(c, input.needing(input.approval(), state), now)
                    .decided(state, flagged, id, now);
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
                Map.of());
          }
          ChangeView recorded =
              changeKey == null
                  ? null
                  : service.view(c, ChangeSql.change(c, changeKey, false).orElseThrow(), true, now);
          return new ChangeView.GateView(
              ChangeSnapshots.gate(ChangeSql.decision(c, id).orElseThrow()), recorded);
        });
  }
}
