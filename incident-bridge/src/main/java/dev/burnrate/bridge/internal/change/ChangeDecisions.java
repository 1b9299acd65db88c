package dev.burnrate.bridge.internal.change;

import dev.burnrate.bridge.internal.record.Actors;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.request.ServiceRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Change enablement as functions of values: which approvals a change needs, what an approval or a
 * rejection does to it, whether it may start now, and which blackouts stop it. {@link
 * ChangeService} loads the inputs, calls these and writes the effects.
 */
public final class ChangeDecisions {
  /** The actor of a request that named nobody; such a requester is not known. */
  static final String UNKNOWN_ACTOR = "api";

  private ChangeDecisions() {}

  /**
   * The approval rule of a change as it is recorded: none for emergency changes and standard
   * changes that follow a template; otherwise the service's approvers from the catalog, or the
   * change advisory board; none when neither names anybody.
   *
   * @param kind the change kind
   * @param template the template it follows, or null
   * @param service the service it changes
   * @param policy the change policy
   * @param serviceApprovers the service's approvers from the catalog
   */
  public static ApprovalRule approvalFor(
      String kind,
      String template,
      String service,
      ChangePolicy policy,
      List<String> serviceApprovers) {
    if (template != null) {
      ChangePolicy.Template t = policy.templates().get(template);
      if (t == null) {
        throw BridgeException.invalid(
            "template",
            "unknown template '"
                + template
                + "'; known: "
                + new TreeSet<>(policy.templates().keySet()));
      }
      if (!kind.equals("standard")) {
        throw BridgeException.invalid(
            "template", "only standard changes follow a template; this one is " + kind);
      }
      if (!t.services().isEmpty() && !t.services().contains(service)) {
        throw BridgeException.invalid(
            "template",
            "template '"
                + template
                + "' is for "
                + new TreeSet<>(t.services())
                + ", not for "
                + service);
      }
      return ApprovalRule.NONE;
    }
    if (kind.equals("emergency")) {
      return ApprovalRule.NONE;
    }
    List<String> approvers =
        serviceApprovers.isEmpty() ? policy.advisoryBoard() : List.copyOf(serviceApprovers);
    if (approvers.isEmpty()) {
      return ApprovalRule.NONE;
    }
    return new ApprovalRule(Math.min(policy.approvalsRequired(), approvers.size()), approvers);
  }

  /**
   * The state a change is recorded in: one that needs approval waits, planned, for it; asking to
   * record it as approved or under way is a conflict.
   */
  public static ChangeState initialState(ApprovalRule rule, ChangeState asked, Change ch) {
    if (!rule.needed()) {
      return asked;
    }
    if (asked == ChangeState.PLANNED
        || asked == ChangeState.REJECTED
        || asked == ChangeState.CANCELLED) {
      return asked;
    }
    throw BridgeException.conflict(
        "a "
            + ch.kind()
            + " change of "
            + ch.service()
            + " needs "
            + approvals(rule)
            + " before it starts; record it as planned and have it approved"
            + " (POST /api/v1/changes/{key}/approve)");
  }

  /**
   * One approver's decision and what it does to the change.
   *
   * @param next the change after it (approved once enough approvals are in, rejected at once)
   * @param row the decision to store
   * @param message the timeline's line
   */
  public record Effect(Change next, ChangeApproval row, String message) {}

  /**
   * An approval or a rejection of {@code ch} by {@code by}: only a planned change that needs
   * approval is decided, only by its approvers, once each, and never by its requester.
   *
   * @param prior the decisions already taken on it
   * @param comment the comment; a rejection must give its reason
   */
  public static Effect decide(
      Change ch,
      List<ChangeApproval> prior,
      String by,
      boolean approve,
      String comment,
      Instant now) {
    if (!ch.approval().needed()) {
      throw BridgeException.conflict(
          ch.key() + " needs no approval: " + whyNoApproval(ch) + "; it was approved as recorded");
    }
    if (ch.state() != ChangeState.PLANNED) {
      throw BridgeException.conflict(
          ch.key()
              + " is "
              + ch.state().wire()
              + "; only a planned change is approved or rejected");
    }
    if (!approve && comment == null) {
      throw BridgeException.invalid("reason", "a rejection needs a reason");
    }
    String who = Actors.identity(by);
    if (ch.approval().approvers().stream().noneMatch(a -> Actors.identity(a).equals(who))) {
      throw BridgeException.conflict(
          by
              + " is not an approver of "
              + ch.key()
              + "; its approvers are "
              + String.join(", ", ch.approval().approvers()));
    }
    if (ch.requestedBy() != null
        && !ch.requestedBy().equals(UNKNOWN_ACTOR)
        && Actors.same(ch.requestedBy(), by)) {
      throw BridgeException.conflict(
          "the requester cannot approve or reject their own change; another approver must");
    }
    for (ChangeApproval p : prior) {
      if (Actors.same(p.actor(), by)) {
        throw BridgeException.conflict(
            by + " has already " + (p.approved() ? "approved" : "rejected") + " " + ch.key());
      }
    }
    ChangeApproval row = new ChangeApproval(ch.key(), by, approve, comment, now);
    if (!approve) {
      return new Effect(ch.decidedByApprovers(false), row, "Rejected by " + by + ": " + comment);
    }
    long count = prior.stream().filter(ChangeApproval::approved).count() + 1;
    boolean enough = count >= ch.approval().required();
    String msg =
        "Approved by "
            + by
            + " ("
            + count
            + " of "
            + ch.approval().required()
            + ")"
            + (comment == null ? "" : ": " + comment)
            + (enough ? "; the change may start in its window" : "");
    return new Effect(enough ? ch.decidedByApprovers(true) : ch, row, msg);
  }

  private static String whyNoApproval(Change ch) {
    if (ch.plan().template() != null) {
      return "a standard change from template '" + ch.plan().template() + "' is pre-approved";
    }
    if (ch.kind().equals("emergency")) {
      return "an emergency change is reviewed afterwards";
    }
    return "no approvers are configured for " + ch.service();
  }

  /**
   * Why {@code ch} may not start at {@code at}, or empty when it may: it needs its approvals, its
   * implementation window, and no blackout (unless it is an emergency change, or a freeze exception
   * is in force).
   *
   * @param ch the change as it is before it starts
   * @param blackouts the configured blackouts
   * @param exceptions the service's freeze exceptions in force at {@code at}
   */
  public static Optional<String> whyNotStart(
      Change ch, List<Blackout> blackouts, List<ServiceRequest> exceptions, Instant at) {
    String name = ch.key().isEmpty() ? "the change" : ch.key();
    if (ch.state() == ChangeState.REJECTED) {
      return Optional.of(name + " was rejected; record a new change");
    }
    if (ch.state() == ChangeState.CANCELLED) {
      return Optional.of(name + " was cancelled");
    }
    if (ch.kind().equals("emergency")) {
      return Optional.empty();
    }
    if (ch.approval().needed() && ch.state() != ChangeState.APPROVED) {
      return Optional.of(name + " needs " + approvals(ch.approval()) + " before it starts");
    }
    if (!ch.plan().inWindow(at)) {
      return Optional.of(
          name
              + " may start only in its implementation window "
              + ch.plan().windowStart()
              + " to "
              + ch.plan().windowEnd()
              + (at.isBefore(ch.plan().windowStart()) ? "; it has not opened" : "; it has closed")
              + " (now "
              + at
              + ")");
    }
    if (exceptions.isEmpty()) {
      for (Blackout b : blackouts) {
        if (b.appliesTo(ch.service(), ch.kind()) && b.covers(at)) {
          return Optional.of(name + " cannot start during " + describe(b));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The blackouts that stop a change of {@code kind} to {@code service} now, or that overlap its
   * implementation window, one reason each.
   */
  public static List<String> blackoutReasons(
      List<Blackout> blackouts, String service, String kind, ChangePlan plan, Instant now) {
    List<String> out = new ArrayList<>();
    for (Blackout b : blackouts) {
      if (!b.appliesTo(service, kind)) {
        continue;
      }
      if (b.covers(now)) {
        out.add(describe(b) + ", in force now");
      } else if (plan.windowStart() != null) {
        Optional<Instant> hit = b.overlap(plan.windowStart(), plan.windowEnd());
        hit.ifPresent(
            h ->
                out.add(
                    describe(b)
                        + ", which the implementation window "
                        + plan.windowStart()
                        + " to "
                        + plan.windowEnd()
                        + " overlaps from "
                        + h));
      }
    }
    return out;
  }

  static String describe(Blackout b) {
    return "blackout '" + b.name() + "' (" + b.describe() + ")";
  }

  static String approvals(ApprovalRule r) {
    return r.required()
        + (r.required() == 1 ? " approval" : " approvals")
        + " from "
        + String.join(", ", r.approvers());
  }
}
