package dev.burnrate.bridge.internal.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.bridge.internal.alert.AlertSignal;
import dev.burnrate.bridge.internal.incident.IncidentDecisions.Effects;
import dev.burnrate.bridge.internal.incident.IncidentDecisions.Entry;
import dev.burnrate.bridge.internal.record.BridgeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The incident rules as values in, values out: no database. */
class IncidentDecisionsTest {
  private static final Instant OPENED = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant NOW = OPENED.plus(Duration.ofMinutes(10));
  private static final Duration QUIET = Duration.ofMinutes(30);

  private static Incident incident(
      String source, int priority, Instant recoveredAt, String... alerts) {
    java.util.Map<String, java.util.Map<String, Object>> active = new java.util.LinkedHashMap<>();
    for (String a : alerts) {
      active.put(a, java.util.Map.of());
    }
    return new Incident(
        1,
        "INC-1",
        "Checkout burns",
        "checkout",
        "checkout-availability",
        "ticket",
        priority,
        IncidentState.OPEN,
        source,
        "slo:checkout-availability",
        active,
        List.of(),
        true,
        recoveredAt,
        OPENED,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        java.util.Map.of());
  }

  private static AlertSignal signal(String source, String alertId, boolean firing, int priority) {
    return new AlertSignal(
        source,
        "slo:checkout-availability",
        alertId,
        firing,
        "checkout",
        "checkout-availability",
        priority <= 2 ? "page" : "ticket",
        priority,
        "Checkout burns fast",
        "burn 14.4x",
        java.util.Map.of(),
        java.util.Map.of());
  }

  @Test
  void aMoreUrgentFiring_escalates_andTakesTheAlertsTitle() {
    Effects e =
        IncidentDecisions.fire(
                incident("slo", 3, null, "ticket-6h"), signal("slo", "page-1h", true, 1), NOW)
            .orElseThrow();

    assertThat(e.event()).isEqualTo("escalated");
    assertThat(e.next().priority()).isEqualTo(1);
    assertThat(e.next().severity()).isEqualTo("page");
    assertThat(e.next().title()).isEqualTo("Checkout burns fast");
    assertThat(e.timeline()).extracting(Entry::kind).containsExactly("escalated");
    assertThat(e.message()).startsWith("Escalated P3 -> P1: ");
  }

  @Test
  void aFiringDuringTheQuietPeriod_refires_andClearsTheRecovery() {
    Effects e =
        IncidentDecisions.fire(
                incident("slo", 2, NOW.minusSeconds(60)), signal("slo", "page-1h", true, 2), NOW)
            .orElseThrow();

    assertThat(e.event()).isEqualTo("refired");
    assertThat(e.next().recoveredAt()).isNull();
    assertThat(e.timeline()).extracting(Entry::kind).containsExactly("refired");
  }

  @Test
  void aWebhookRepeatingAFiringAlert_changesNothing() {
    assertThat(
            IncidentDecisions.fire(
                incident("alertmanager", 2, null, "abc"),
                signal("alertmanager", "abc", true, 2),
                NOW))
        .isEmpty();
  }

  @Test
  void theLastWebhookAlertResolving_resolvesAtOnce_butAnSloIncidentRecovers() {
    Effects webhook =
        IncidentDecisions.stop(
                incident("alertmanager", 2, null, "abc"),
                signal("alertmanager", "abc", false, 2),
                NOW,
                QUIET)
            .orElseThrow();
    Effects slo =
        IncidentDecisions.stop(
                incident("slo", 2, null, "page-1h"), signal("slo", "page-1h", false, 2), NOW, QUIET)
            .orElseThrow();

    assertThat(webhook.next().state()).isEqualTo(IncidentState.RESOLVED);
    assertThat(webhook.timeline())
        .extracting(Entry::kind)
        .containsExactly("alert-resolved", "resolved");
    assertThat(slo.next().state()).isEqualTo(IncidentState.OPEN);
    assertThat(slo.next().recoveredAt()).isEqualTo(NOW);
    assertThat(slo.timeline())
        .extracting(Entry::kind)
        .containsExactly("alert-resolved", "recovered");
  }

  @Test
  void theQuietPeriod_resolvesOnlyOnceItHasPassed() {
    Incident recovered = incident("slo", 2, NOW);

    assertThat(IncidentDecisions.quietResolve(recovered, NOW.plus(QUIET).minusSeconds(1), QUIET))
        .isEmpty();
    Effects e = IncidentDecisions.quietResolve(recovered, NOW.plus(QUIET), QUIET).orElseThrow();
    assertThat(e.next().state()).isEqualTo(IncidentState.RESOLVED);
    assertThat(e.next().resolvedBy()).isEqualTo("burnrate");
  }

  @Test
  void transitions_refuseWhatTheStateDoesNotAllow() {
    Incident open = incident("manual", 3, null);

    assertThatThrownBy(() -> open.close(NOW, "alice"))
        .isInstanceOf(BridgeException.Conflict.class)
        .hasMessageContaining("resolve it before closing");
    Incident acked = open.acknowledge(NOW, "alice");
    assertThat(acked.state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    assertThatThrownBy(() -> acked.acknowledge(NOW, "bob"))
        .isInstanceOf(BridgeException.Conflict.class);
    assertThat(acked.resolveBy(NOW, "alice", "fixed").close(NOW, "alice").state())
        .isEqualTo(IncidentState.CLOSED);
  }
}
