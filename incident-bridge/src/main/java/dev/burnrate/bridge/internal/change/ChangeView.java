package dev.burnrate.bridge.internal.change;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.burnrate.bridge.internal.outbox.ChangeSnapshot;
import dev.burnrate.bridge.internal.outbox.Snapshot.LinkLine;
import dev.burnrate.bridge.internal.outbox.Snapshots;
import dev.burnrate.bridge.internal.record.ExternalRecordSql;
import dev.burnrate.bridge.internal.record.RecordViews;
import dev.burnrate.bridge.internal.record.RecordViews.ExternalView;
import dev.burnrate.bridge.internal.record.RecordViews.TimelineView;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The response shape of a change, shared by the REST API's answers. The parts only some answers
 * carry (links and timeline, approval and outcome, external records) are left out when null; every
 * other field is written, null or not.
 */
public record ChangeView(
    String kind,
    String key,
    String title,
    String service,
    String changeKind,
    String state,
    ChangeSnapshot.Source source,
    Instant startedAt,
    Instant endedAt,
    boolean flagged,
    Instant createdAt,
    ChangeSnapshot.Plan plan,
    String requestedBy,
    String suspectIncident,
    ChangeSnapshot.Gate gateDecision,
    @JsonInclude(Include.NON_NULL) List<LinkLine> links,
    @JsonInclude(Include.NON_NULL) List<TimelineView> timeline,
    @JsonInclude(Include.NON_NULL) Approval approval,
    @JsonInclude(Include.NON_NULL) String outcome,
    @JsonInclude(Include.NON_NULL) List<ExternalView> externalRecords) {

  /** A change's approval: the rule, the decisions so far and where they leave it. */
  public record Approval(
      int required,
      List<String> approvers,
      String status,
      long approvals,
      List<ApprovalDecision> decisions) {}

  /** One approver's decision. */
  public record ApprovalDecision(String by, String decision, String comment, Instant at) {}

  /** A gate decision; an evaluate that recorded the change answers with the change too. */
  public record GateView(
      @JsonUnwrapped ChangeSnapshot.Gate decision,
      @JsonInclude(Include.NON_NULL) ChangeView changeRecord) {}

  /** A change with its gate decision; with {@code full}, its links and timeline too. */
  public static ChangeView of(Connection c, Change ch, boolean full) throws SQLException {
    return build(c, ch, full, null, false);
  }

  /**
   * A change as the change routes answer it: with its approval and its outcome at {@code now}, and
   * with {@code external}, the records ITSM tools hold for it.
   *
   * @param window the correlation window, after which a completed change counts as successful
   */
  static ChangeView enabled(
      Connection c, Change ch, boolean full, boolean external, Instant now, Duration window)
      throws SQLException {
    Approval approval = approval(ch, ChangeSql.approvals(c, ch.key()));
    return build(c, ch, full, new Enablement(approval, ch.outcome(now, window).wire()), external);
  }

  private record Enablement(Approval approval, String outcome) {}

  private static ChangeView build(
      Connection c, Change ch, boolean full, Enablement enablement, boolean external)
      throws SQLException {
    return new ChangeView(
        "change",
        ch.key(),
        ch.title(),
        ch.service(),
        ch.kind(),
        ch.state().wire(),
        ChangeSnapshots.source(ch),
        ch.startedAt(),
        ch.endedAt(),
        ch.flagged(),
        ch.createdAt(),
        ChangeSnapshots.plan(ch),
        ch.requestedBy(),
        ch.suspectIncident(),
        ChangeSnapshots.gate(c, ch),
        full ? Snapshots.links(c, ch.key()) : null,
        full ? RecordViews.timeline(TimelineSql.of(c, ch.key())) : null,
        enablement == null ? null : enablement.approval(),
        enablement == null ? null : enablement.outcome(),
        external ? RecordViews.external(ExternalRecordSql.of(c, ch.key())) : null);
  }

  /** A change's approval given its approvers' decisions, oldest first. */
  private static Approval approval(Change ch, List<ChangeApproval> decisions) {
    long approvals = decisions.stream().filter(ChangeApproval::approved).count();
    String status;
    if (!ch.approval().needed()) {
      status = "not_required";
    } else if (decisions.stream().anyMatch(d -> !d.approved())) {
      status = "rejected";
    } else {
      status = approvals >= ch.approval().required() ? "approved" : "pending";
    }
    return new Approval(
        ch.approval().required(),
        ch.approval().approvers(),
        status,
        approvals,
        decisions.stream()
            .map(
                d ->
                    new ApprovalDecision(
                        d.actor(), d.approved() ? "approve" : "reject", d.comment(), d.at()))
            .toList());
  }
}
