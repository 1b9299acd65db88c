package dev.burnrate.bridge.internal.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.bridge.BridgeSettings;
import dev.burnrate.bridge.ResponseSettings;
import dev.burnrate.bridge.ResponseSettings.OnBreach;
import dev.burnrate.bridge.ServiceCatalog;
import dev.burnrate.bridge.internal.incident.ResponseDecisions.Effects;
import dev.burnrate.bridge.internal.incident.ResponseDecisions.Target;
import dev.burnrate.bridge.internal.record.BridgeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Assignment, targets and breaches as values in, values out: no database. */
class ResponseDecisionsTest {
  private static final Instant OPENED = Instant.parse("2025-03-03T09:00:00Z");
  private static final ServiceCatalog.Service PAYMENTS =
      new ServiceCatalog.Service("payments", "Card payments", "team-payments", 1, List.of());

  private static Incident incident(int priority, IncidentState state, Instant acknowledgedAt) {
    return new Incident(
        7,
        "INC-7",
        "Payment server down",
        "payments",
        null,
        priority <= 2 ? "page" : "ticket",
        priority,
        state,
        "manual",
        "manual:x",
        java.util.Map.of(),
        List.of(),
        true,
        null,
        OPENED,
        acknowledgedAt,
        acknowledgedAt == null ? null : "alice",
        null,
        null,
        null,
        null,
        null,
        Map.of());
  }

  private static IncidentResponse response(int priority) {
    return ResponseDecisions.open(
        "INC-7", "payments", priority, Optional.of(PAYMENTS), ResponseSettings.defaults());
  }

  @Test
  void newIncident_isAssignedToTheCatalogOwner_withTheTargetsOfItsPriority() {
    IncidentResponse r = response(1);
    assertThat(r.group()).isEqualTo("team-payments");
    assertThat(r.assignee()).isNull();
    assertThat(r.acknowledgeTarget()).isEqualTo(Duration.ofMinutes(15));
    assertThat(r.resolveTarget()).isEqualTo(Duration.ofHours(4));
    assertThat(response(4).resolveTarget()).isEqualTo(Duration.ofDays(10));
  }

  @Test
  void overrides_perServiceAndPriority_winOverTheOwner_andTiersOverThePriorityDefaults() {
    BridgeSettings s =
        BridgeSettings.parse(
            """
            assignment:
              overrides:
                - {service: payments, priority: P1, group: payments-oncall, assignee: bob}
                - {service: payments, group: payments-l2}
            response:
              tiers:
                "1": {P1: {acknowledge: 5m}}
            """,
            "b.yaml");
    ResponseSettings rs = s.response();
    IncidentResponse p1 = ResponseDecisions.open("INC-1", "payments", 1, Optional.of(PAYMENTS), rs);
    IncidentResponse p3 = ResponseDecisions.open("INC-2", "payments", 3, Optional.of(PAYMENTS), rs);
    IncidentResponse other = ResponseDecisions.open("INC-3", "auth", 1, Optional.empty(), rs);
    assertThat(p1.group()).isEqualTo("payments-oncall");
    assertThat(p1.assignee()).isEqualTo("bob");
    assertThat(p1.acknowledgeTarget()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p1.resolveTarget()).isEqualTo(Duration.ofHours(4));
    assertThat(p3.group()).isEqualTo("payments-l2");
    assertThat(p3.acknowledgeTarget()).isEqualTo(Duration.ofHours(4));
    assertThat(other.group()).isNull();
    assertThat(other.acknowledgeTarget()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void nothingBreaches_insideTheTarget() {
    assertThat(
            ResponseDecisions.check(
                incident(1, IncidentState.OPEN, null),
                response(1),
                OPENED.plus(Duration.ofMinutes(15)),
                OnBreach.PRIORITY))
        .isEmpty();
  }

  @Test
  void unacknowledgedPastItsTarget_breachesOnce_andEscalatesItsPriority() {
    Instant now = OPENED.plus(Duration.ofMinutes(31));
    Effects e =
        ResponseDecisions.check(
                incident(2, IncidentState.OPEN, null), response(2), now, OnBreach.PRIORITY)
            .orElseThrow();
    assertThat(e.breaches()).containsExactly(Target.ACKNOWLEDGE);
    assertThat(e.next().priority()).isEqualTo(1);
    assertThat(e.next().severity()).isEqualTo("page");
    assertThat(e.event()).isEqualTo("escalated");
    assertThat(e.response().acknowledgeBreachedAt()).isEqualTo(now);
    assertThat(e.timeline())
        .extracting(IncidentDecisions.Entry::kind)
        .containsExactly("breached", "escalated");
    assertThat(
            ResponseDecisions.check(e.next(), e.response(), now.plusSeconds(60), OnBreach.PRIORITY))
        .isEmpty();
  }

  @Test
  void notify_keepsThePriority_andSendsABreachedEvent() {
    Effects e =
        ResponseDecisions.check(
                incident(2, IncidentState.OPEN, null),
                response(2),
                OPENED.plus(Duration.ofHours(1)),
                OnBreach.NOTIFY)
            .orElseThrow();
    assertThat(e.next().priority()).isEqualTo(2);
    assertThat(e.event()).isEqualTo("breached");
  }

  @Test
  void anAcknowledgedIncident_breachesOnlyItsResolveTarget() {
    Incident acked = incident(1, IncidentState.ACKNOWLEDGED, OPENED.plusSeconds(60));
    Effects e =
        ResponseDecisions.check(
                acked, response(1), OPENED.plus(Duration.ofHours(5)), OnBreach.NOTIFY)
            .orElseThrow();
    assertThat(e.breaches()).containsExactly(Target.RESOLVE);
  }

  @Test
  void timePausesOnHold_andTheHeldTimeDoesNotCount() {
    Incident open = incident(1, IncidentState.OPEN, null);
    IncidentResponse r = response(1).hold(OPENED.plus(Duration.ofMinutes(10)));
    Incident held = open.hold();
    Instant later = OPENED.plus(Duration.ofHours(2));
    assertThat(ResponseDecisions.check(held, r, later, OnBreach.PRIORITY)).isEmpty();
    assertThat(r.acknowledgeLeft(held, later)).isEqualTo(Duration.ofMinutes(5));
    IncidentResponse resumed = r.resume(later);
    assertThat(resumed.held()).isEqualTo(Duration.ofMinutes(110));
    assertThat(resumed.elapsed(OPENED, later.plus(Duration.ofMinutes(4))))
        .isEqualTo(Duration.ofMinutes(14));
    assertThat(
            ResponseDecisions.check(
                held.resume(), resumed, later.plus(Duration.ofMinutes(4)), OnBreach.PRIORITY))
        .isEmpty();
    assertThat(
            ResponseDecisions.check(
                held.resume(), resumed, later.plus(Duration.ofMinutes(6)), OnBreach.PRIORITY))
        .isPresent();
  }

  @Test
  void hold_andResume_followTheStates() {
    Incident open = incident(3, IncidentState.OPEN, null);
    assertThat(open.hold().state()).isEqualTo(IncidentState.ON_HOLD);
    assertThat(open.hold().active()).isTrue();
    assertThat(open.hold().resume().state()).isEqualTo(IncidentState.OPEN);
    Incident acked = incident(3, IncidentState.ACKNOWLEDGED, OPENED);
    assertThat(acked.hold().resume().state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    assertThatThrownBy(open::resume).isInstanceOf(BridgeException.Conflict.class);
    assertThatThrownBy(() -> open.hold().hold()).isInstanceOf(BridgeException.Conflict.class);
    assertThatThrownBy(() -> open.hold().acknowledge(OPENED, "x"))
        .isInstanceOf(BridgeException.Conflict.class);
  }

  @Test
  void settle_measuresTheResponseTimes_withoutTheHold_andRecordsALateTarget() {
    IncidentResponse r = response(1).hold(OPENED.plus(Duration.ofMinutes(1)));
    r = r.resume(OPENED.plus(Duration.ofMinutes(31)));
    Incident acked = incident(1, IncidentState.ACKNOWLEDGED, OPENED.plus(Duration.ofMinutes(40)));
    IncidentResponse settled = r.settle(acked);
    assertThat(settled.timeToAcknowledge()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settled.acknowledgeBreachedAt()).isNull();
    Incident lateAck = incident(1, IncidentState.ACKNOWLEDGED, OPENED.plus(Duration.ofHours(1)));
    assertThat(response(1).settle(lateAck).acknowledgeBreachedAt())
        .isEqualTo(OPENED.plus(Duration.ofHours(1)));
    Incident resolved = lateAck.resolveBy(OPENED.plus(Duration.ofHours(3)), "alice", "fixed");
    IncidentResponse done = response(1).settle(lateAck).settle(resolved);
    assertThat(done.timeToResolve()).isEqualTo(Duration.ofHours(3));
    assertThat(done.resolveBreachedAt()).isNull();
    assertThat(done.insideTargets()).isFalse();
  }

  @Test
  void aTargetMissedBetweenTwoChecks_getsItsTimelineEntry_once_withoutAnEscalation() {
    IncidentResponse before = response(2);
    Incident lateAck = incident(2, IncidentState.ACKNOWLEDGED, OPENED.plus(Duration.ofMinutes(35)));
    IncidentResponse settled = before.settle(lateAck);
    List<ResponseDecisions.Missed> missed = ResponseDecisions.missed(lateAck, before, settled);
    assertThat(missed)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.at()).isEqualTo(OPENED.plus(Duration.ofMinutes(35)));
              assertThat(m.entry().kind()).isEqualTo("breached");
              assertThat(m.entry().message())
                  .isEqualTo(
                      "Breached the acknowledge target of P2 (30m): acknowledged after 35m,"
                          + " between two checks");
              assertThat(m.entry().details().get("betweenChecks")).isEqualTo(true);
            });
    assertThat(missed).noneMatch(m -> m.entry().kind().equals("escalated"));
    // Settled again, or already breached by a check: nothing more.
    assertThat(ResponseDecisions.missed(lateAck, settled, settled.settle(lateAck))).isEmpty();
    IncidentResponse checked =
        ResponseDecisions.check(
                incident(2, IncidentState.OPEN, null),
                before,
                OPENED.plus(Duration.ofMinutes(31)),
                OnBreach.PRIORITY)
            .orElseThrow()
            .response();
    assertThat(ResponseDecisions.missed(lateAck, checked, checked.settle(lateAck))).isEmpty();
    Incident resolvedLate = lateAck.resolveBy(OPENED.plus(Duration.ofHours(9)), "alice", "fixed");
    assertThat(ResponseDecisions.missed(resolvedLate, settled, settled.settle(resolvedLate)))
        .extracting(m -> m.entry().details().get("target"))
        .containsExactly("resolve");
  }
}
