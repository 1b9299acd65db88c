package dev.burnrate.bridge.internal;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.change.ChangeGate;
import dev.burnrate.bridge.internal.change.ChangeService;
import dev.burnrate.bridge.internal.incident.IncidentRules;
import dev.burnrate.bridge.internal.incident.IncidentService;
import dev.burnrate.bridge.internal.outbox.OutboxAdmin;
import dev.burnrate.bridge.internal.problem.ProblemService;
import dev.burnrate.bridge.internal.request.RequestService;

/**
 * The bridge's parts, one per record kind, wired over one context.
 *
 * @param ctx what they share
 * @param rules the incident rules (alerts in)
 * @param incidents what people do to incidents
 * @param problems what people do to problems
 * @param changes what pipelines and people do to changes
 * @param gate the change gate
 * @param requests what people do to service requests
 * @param records comments and links on any record
 * @param outbox the outbox's administration
 */
public record BridgeParts(
    BridgeContext ctx,
    IncidentRules rules,
    IncidentService incidents,
    ProblemService problems,
    ChangeService changes,
    ChangeGate gate,
    RequestService requests,
    Records records,
    OutboxAdmin outbox) {

  /** Checks the parts. */
  public BridgeParts {
    requireNonNull(ctx, "ctx");
  }

  /** The parts over a context. */
  public static BridgeParts over(BridgeContext ctx) {
    IncidentRules rules = new IncidentRules(ctx);
    ChangeService changes = new ChangeService(ctx);
    return new BridgeParts(
        ctx,
        rules,
        new IncidentService(ctx, rules),
        new ProblemService(ctx),
        changes,
        new ChangeGate(ctx, changes),
        new RequestService(ctx),
        new Records(ctx),
        new OutboxAdmin(ctx));
  }
}
