package dev.burnrate.bridge.internal.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.bridge.internal.record.BridgeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Approvals, templates and the start of a change as values in, effects out: no database. */
class ChangeDecisionsTest {
  private static final Instant NOW = Instant.parse("2026-12-08T00:30:00Z");
  private static final ChangePolicy POLICY =
      new ChangePolicy(
          2,
          List.of("cab-1", "cab-2"),
          Map.of(
              "db-index",
              new ChangePolicy.Template(
                  "db-index", "Add an index", "low", "drop it", java.util.Set.of("payments"))),
          List.of(BlackoutTest.WEEKEND));

  private static Change change(String kind, ApprovalRule rule, ChangeState state, ChangePlan p) {
    return Change.proposed(
            "Schema change", "payments", kind, state, null, null, null, null, null, null, null)
        .planned(p, "dev-dana", null)
        .needing(rule, state);
  }

  private static final ApprovalRule DBAS =
      new ApprovalRule(2, List.of("dba-anna", "dba-ben", "dev-dana"));

  @Test
  void approvers_comeFromTheService_thenTheBoard_andNoneMeansApprovedAsRecorded() {
    assertThat(
            ChangeDecisions.approvalFor(
                "normal", null, "payments", POLICY, List.of("dba-anna", "dba-ben", "dba-cy")))
        .isEqualTo(new ApprovalRule(2, List.of("dba-anna", "dba-ben", "dba-cy")));
    assertThat(ChangeDecisions.approvalFor("normal", null, "web", POLICY, List.of()))
        .isEqualTo(new ApprovalRule(2, List.of("cab-1", "cab-2")));
    assertThat(ChangeDecisions.approvalFor("normal", null, "web", POLICY, List.of("solo")))
        .as("never more approvals than approvers")
        .isEqualTo(new ApprovalRule(1, List.of("solo")));
    assertThat(
            ChangeDecisions.approvalFor("normal", null, "web", ChangePolicy.defaults(), List.of()))
        .isEqualTo(ApprovalRule.NONE);
    assertThat(ChangeDecisions.approvalFor("emergency", null, "web", POLICY, List.of("x")))
        .isEqualTo(ApprovalRule.NONE);
  }

  @Test
  void aTemplate_preApprovesAStandardChange_ofItsServicesOnly() {
    assertThat(ChangeDecisions.approvalFor("standard", "db-index", "payments", POLICY, List.of()))
        .isEqualTo(ApprovalRule.NONE);
    assertThat(
            ChangeDecisions.approvalFor("standard", null, "payments", POLICY, List.of()).needed())
        .as("a standard change without a template is approved like a normal one")
        .isTrue();
    assertThatThrownBy(
            () -> ChangeDecisions.approvalFor("standard", "nope", "payments", POLICY, List.of()))
        .isInstanceOfSatisfying(
            BridgeException.Invalid.class, e -> assertThat(e.field()).isEqualTo("template"))
        .hasMessageContaining("known: [db-index]");
    assertThatThrownBy(
            () -> ChangeDecisions.approvalFor("standard", "db-index", "web", POLICY, List.of()))
        .hasMessageContaining("is for [payments], not for web");
    assertThatThrownBy(
            () -> ChangeDecisions.approvalFor("normal", "db-index", "payments", POLICY, List.of()))
        .hasMessageContaining("only standard changes follow a template");
  }

  @Test
  void aChangeThatNeedsApproval_cannotBeRecordedAsUnderWay() {
    Change ch = change("normal", DBAS, ChangeState.PLANNED, ChangePlan.NONE);
    assertThat(ChangeDecisions.initialState(DBAS, ChangeState.PLANNED, ch))
        .isEqualTo(ChangeState.PLANNED);
    assertThatThrownBy(() -> ChangeDecisions.initialState(DBAS, ChangeState.IN_PROGRESS, ch))
        .isInstanceOf(BridgeException.Conflict.class)
        .hasMessageContaining("needs 2 approvals from dba-anna, dba-ben, dev-dana");
    assertThat(ChangeDecisions.initialState(ApprovalRule.NONE, ChangeState.IN_PROGRESS, ch))
        .isEqualTo(ChangeState.IN_PROGRESS);
  }

  @Test
  void twoApprovals_approve_onceEach_neverByTheRequester_orAStranger() {
    Change ch = change("normal", DBAS, ChangeState.PLANNED, ChangePlan.NONE);
    List<ChangeApproval> prior = new ArrayList<>();

    ChangeDecisions.Effect first = ChangeDecisions.decide(ch, prior, "dba-anna", true, null, NOW);
    assertThat(first.next().state()).isEqualTo(ChangeState.PLANNED);
    assertThat(first.message()).isEqualTo("Approved by dba-anna (1 of 2)");
    prior.add(first.row());

    assertThatThrownBy(() -> ChangeDecisions.decide(ch, prior, "DBA-Anna ", true, null, NOW))
        .isInstanceOf(BridgeException.Conflict.class)
        .hasMessageContaining("DBA-Anna  has already approved");
    assertThatThrownBy(() -> ChangeDecisions.decide(ch, prior, "dev-dana", true, null, NOW))
        .hasMessageContaining("the requester cannot approve");
    assertThatThrownBy(() -> ChangeDecisions.decide(ch, prior, "mallory", true, null, NOW))
        .hasMessageContaining("mallory is not an approver");

    ChangeDecisions.Effect second =
        ChangeDecisions.decide(ch, prior, "dba-ben", true, "looks safe", NOW);
    assertThat(second.next().state()).isEqualTo(ChangeState.APPROVED);
    assertThat(second.message()).startsWith("Approved by dba-ben (2 of 2): looks safe");
  }

  @Test
  void aRejection_needsAReason_andRejectsAtOnce() {
    Change ch = change("normal", DBAS, ChangeState.PLANNED, ChangePlan.NONE);
    assertThatThrownBy(() -> ChangeDecisions.decide(ch, List.of(), "dba-anna", false, null, NOW))
        .isInstanceOfSatisfying(
            BridgeException.Invalid.class, e -> assertThat(e.field()).isEqualTo("reason"));
    ChangeDecisions.Effect e =
        ChangeDecisions.decide(ch, List.of(), "dba-anna", false, "no rollback plan", NOW);
    assertThat(e.next().state()).isEqualTo(ChangeState.REJECTED);
    assertThat(e.row().approved()).isFalse();
    assertThatThrownBy(
            () -> ChangeDecisions.decide(e.next(), List.of(e.row()), "dba-ben", true, null, NOW))
        .hasMessageContaining("is rejected; only a planned change");
  }

  @Test
  void aChangeWithoutApprovers_cannotBeApproved() {
    Change ch = change("normal", ApprovalRule.NONE, ChangeState.APPROVED, ChangePlan.NONE);
    assertThatThrownBy(() -> ChangeDecisions.decide(ch, List.of(), "dba-anna", true, null, NOW))
        .hasMessageContaining("needs no approval: no approvers are configured for payments");
  }

  @Test
  void aChange_startsOnlyApproved_inItsWindow_andOutsideBlackouts() {
    ChangePlan night =
        new ChangePlan(
            Instant.parse("2026-12-08T00:00:00Z"),
            Instant.parse("2026-12-08T02:00:00Z"),
            "restore the snapshot",
            "high",
            null);
    Change planned = change("normal", DBAS, ChangeState.PLANNED, night);
    assertThat(ChangeDecisions.whyNotStart(planned, POLICY.blackouts(), List.of(), NOW))
        .hasValueSatisfying(w -> assertThat(w).contains("needs 2 approvals"));

    Change approved = planned.decidedByApprovers(true);
    assertThat(ChangeDecisions.whyNotStart(approved, POLICY.blackouts(), List.of(), NOW)).isEmpty();
    assertThat(
            ChangeDecisions.whyNotStart(
                approved, POLICY.blackouts(), List.of(), Instant.parse("2026-12-07T23:00:00Z")))
        .hasValueSatisfying(w -> assertThat(w).contains("it has not opened"));
    assertThat(
            ChangeDecisions.whyNotStart(
                approved, POLICY.blackouts(), List.of(), Instant.parse("2026-12-08T02:00:00Z")))
        .hasValueSatisfying(w -> assertThat(w).contains("it has closed"));

    Change friday = change("normal", ApprovalRule.NONE, ChangeState.APPROVED, ChangePlan.NONE);
    Instant fridayNight = Instant.parse("2026-12-04T20:00:00Z");
    assertThat(ChangeDecisions.whyNotStart(friday, POLICY.blackouts(), List.of(), fridayNight))
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .isEqualTo(
                        "the change cannot start during blackout 'weekend'"
                            + " (no normal changes Fri 18:00 to Mon 06:00 Europe/Berlin)"));
    Change emergency =
        change("emergency", ApprovalRule.NONE, ChangeState.APPROVED, ChangePlan.NONE);
    assertThat(ChangeDecisions.whyNotStart(emergency, POLICY.blackouts(), List.of(), fridayNight))
        .isEmpty();
  }

  @Test
  void theGate_namesABlackoutInForce_orOneTheWindowOverlaps() {
    assertThat(
            ChangeDecisions.blackoutReasons(
                POLICY.blackouts(),
                "payments",
                "normal",
                ChangePlan.NONE,
                Instant.parse("2026-12-04T20:00:00Z")))
        .containsExactly(
            "blackout 'weekend' (no normal changes Fri 18:00 to Mon 06:00 Europe/Berlin), in force"
                + " now");
    ChangePlan saturday =
        new ChangePlan(
            Instant.parse("2026-12-05T01:00:00Z"),
            Instant.parse("2026-12-05T03:00:00Z"),
            null,
            null,
            null);
    assertThat(
            ChangeDecisions.blackoutReasons(
                POLICY.blackouts(), "payments", "normal", saturday, NOW.minusSeconds(86_400 * 5)))
        .singleElement()
        .asString()
        .contains("which the implementation window 2026-12-05T01:00:00Z to 2026-12-05T03:00:00Z");
    assertThat(
            ChangeDecisions.blackoutReasons(
                POLICY.blackouts(),
                "payments",
                "emergency",
                ChangePlan.NONE,
                Instant.parse("2026-12-04T20:00:00Z")))
        .isEmpty();
  }
}
