package dev.burnrate.bridge.internal.change;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.burnrate.bridge.internal.outbox.ChangeSnapshot;
import dev.burnrate.bridge.internal.outbox.Snapshot;
import dev.burnrate.bridge.internal.outbox.Snapshot.LinkLine;
import dev.burnrate.bridge.internal.outbox.Snapshot.TimelineLine;
import dev.burnrate.bridge.internal.outbox.Snapshots;
import dev.burnrate.bridge.internal.record.ExternalRecordSql;
import dev.burnrate.bridge.internal.record.RecordViews;
import dev.burnrate.bridge.internal.record.RecordViews.ExternalView;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The response shape of a change: {@code kind}, then its outbox snapshot's fields, then the parts
 * only some answers carry (links and timeline, approval and outcome, external records), left out
 * when null.
 *
 * @param change the change as the tools get it, without its links and timeline
 */
public record ChangeView(
    String kind,
    @Snapshot.Inlined @JsonIgnoreProperties({"links", "timeline"}) ChangeSnapshot change,
    @JsonInclude(Include.NON_NULL) List<LinkLine> links,
    @JsonInclude(Include.NON_NULL) List<TimelineLine> timeline,
    @JsonInclude(Include.NON_NULL) Approval approval,
    @JsonInclude(Include.NON_NULL) String outcome,
    @JsonInclude(Include.NON_NULL) List<ExternalView> externalRecords) {

  /** The change's key, such as {@code CHG-7}. */
  public String key() {
    return change.key();
  }

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
        ChangeSnapshots.of(c, ch, List.of(), List.of()),
        full ? Snapshots.links(c, ch.key()) : null,
        full ? Snapshots.timeline(c, ch.key()) : null,
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
