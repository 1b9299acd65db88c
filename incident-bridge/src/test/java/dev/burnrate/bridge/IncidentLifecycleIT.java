package dev.burnrate.bridge;

import static dev.burnrate.slo.engine.AlertTransition.Kind.FIRING;
import static dev.burnrate.slo.engine.AlertTransition.Kind.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.bridge.internal.change.Change;
import dev.burnrate.bridge.internal.change.ChangeState;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.bridge.internal.request.RequestView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IncidentLifecycleIT {
  static BridgeFixture fx;
  static IncidentBridge bridge;
  static IncidentBridge manualBridge;

  @BeforeAll
  static void setUp() {
    fx = new BridgeFixture();
    bridge = fx.bridge(BridgeSettings.defaults());
    manualBridge =
        fx.bridge(BridgeSettings.defaults().withQuietPeriod(Duration.ofMinutes(30), false));
  }

  @AfterAll
  static void tearDown() {
    bridge.close();
    manualBridge.close();
    fx.close();
  }

  static JsonNode activeIncident(String slo) {
    JsonNode items =
        Views.tree(
                bridge
                    .parts()
                    .incidents()
                    .list(new ListFilter("active", null, null, slo, null, null, 10)))
            .path("items");
    assertThat(items).hasSize(1);
    return Views.tree(bridge.parts().incidents().incident(items.get(0).path("key").asText()));
  }

  static List<String> kinds(JsonNode incident) {
    List<String> out = new ArrayList<>();
    incident.path("timeline").forEach(t -> out.add(t.path("kind").asText()));
    return out;
  }

  @Test
  void anEscalation_putsTheEscalatingAlertInTheTitle() {
    bridge.accept(fx.ticket1d(FIRING, "search-latency", "catalog"));
    assertThat(activeIncident("search-latency").path("title").asText())
        .isEqualTo("catalog is burning the error budget of SLO search-latency (ticket-1d at 3.5x)");

    bridge.accept(fx.page1h(FIRING, "search-latency", "catalog"));

    assertThat(activeIncident("search-latency").path("title").asText())
        .isEqualTo("catalog is burning the error budget of SLO search-latency (page-1h at 16.2x)");
  }

  @Test
  void ticketAlert_opensP3_andAPageOnTheSameSlo_escalatesItToP1() {
    bridge.accept(fx.ticket1d(FIRING, "catalog-latency", "catalog"));
    JsonNode inc = activeIncident("catalog-latency");
    assertThat(inc.path("priority").asText()).isEqualTo("P3");
    assertThat(inc.path("severity").asText()).isEqualTo("ticket");
    assertThat(inc.path("key").asText()).startsWith("INC-");

    bridge.accept(fx.page1h(FIRING, "catalog-latency", "catalog"));
    inc = activeIncident("catalog-latency");

    assertThat(inc.path("priority").asText()).isEqualTo("P1");
    assertThat(inc.path("severity").asText()).isEqualTo("page");
    assertThat(kinds(inc)).containsSubsequence("opened", "escalated");
    JsonNode escalated = inc.path("timeline").get(kinds(inc).indexOf("escalated"));
    assertThat(escalated.path("message").asText()).contains("P3 -> P1").contains("page-1h");
    assertThat(escalated.path("details").path("longBurnRate").asDouble()).isEqualTo(16.2);
    assertThat(escalated.path("details").path("factor").asDouble()).isEqualTo(14.4);
    assertThat(escalated.path("details").path("budgetRemaining").asDouble()).isEqualTo(0.4);
    assertThat(inc.path("impactedServices"))
        .extracting(JsonNode::asText)
        .containsExactly("checkout", "web");
  }

  @Test
  void repeatedFirings_updateTheOneOpenIncidentOfTheSlo() {
    bridge.accept(fx.page1h(FIRING, "auth-availability", "auth"));
    bridge.accept(fx.page1h(FIRING, "auth-availability", "auth"));
    bridge.accept(fx.ticket1d(FIRING, "auth-availability", "auth"));

    JsonNode inc = activeIncident("auth-availability");
    assertThat(inc.path("priority").asText()).isEqualTo("P1");
    // The second page-1h firing is one the incident already holds (as a new leader hands on after a
    // failover): it changes nothing; the ticket is a new alert on the same incident.
    assertThat(kinds(inc)).containsExactly("opened", "firing");
    assertThat(inc.path("activeAlerts")).hasSize(2);
  }

  @Test
  void burnStops_marksRecovered_andTheQuietPeriodResolvesIt() {
    bridge.accept(fx.page1h(FIRING, "inventory-availability", "inventory"));
    bridge.accept(fx.page1h(RESOLVED, "inventory-availability", "inventory"));
    JsonNode inc = activeIncident("inventory-availability");
    assertThat(inc.path("recovered").asBoolean()).isTrue();
    assertThat(inc.path("state").asText()).isEqualTo("open");

    fx.clock.advance(Duration.ofMinutes(29));
    assertThat(bridge.tick()).doesNotContain(inc.path("key").asText());
    fx.clock.advance(Duration.ofMinutes(2));
    assertThat(bridge.tick()).contains(inc.path("key").asText());

    JsonNode after = Views.tree(bridge.parts().incidents().incident(inc.path("key").asText()));
    assertThat(after.path("state").asText()).isEqualTo("resolved");
    assertThat(after.path("resolvedBy").asText()).isEqualTo("burnrate");
    assertThat(kinds(after))
        .containsSubsequence("opened", "alert-resolved", "recovered", "resolved");
  }

  @Test
  void refiringDuringTheQuietPeriod_clearsRecovered() {
    bridge.accept(fx.page1h(FIRING, "web-availability", "web"));
    bridge.accept(fx.page1h(RESOLVED, "web-availability", "web"));
    fx.clock.advance(Duration.ofMinutes(10));
    bridge.accept(fx.page1h(FIRING, "web-availability", "web"));
    fx.clock.advance(Duration.ofMinutes(25));
    bridge.tick();

    JsonNode inc = activeIncident("web-availability");
    assertThat(inc.path("recovered").asBoolean()).isFalse();
    assertThat(inc.path("state").asText()).isEqualTo("open");
    assertThat(kinds(inc)).containsSubsequence("recovered", "refired");
  }

  @Test
  void withAutoResolveOff_aRecoveredIncidentWaitsForAPerson() {
    manualBridge.accept(fx.page1h(FIRING, "postgres-availability", "postgres"));
    manualBridge.accept(fx.page1h(RESOLVED, "postgres-availability", "postgres"));
    fx.clock.advance(Duration.ofHours(3));
    manualBridge.tick();
    bridge.tick();

    JsonNode inc = activeIncident("postgres-availability");
    assertThat(inc.path("recovered").asBoolean()).isTrue();
    assertThat(inc.path("state").asText()).isEqualTo("open");
    String key = inc.path("key").asText();

    assertThatThrownBy(() -> manualBridge.parts().incidents().close(key, "alice"))
        .isInstanceOf(BridgeException.Conflict.class)
        .hasMessageContaining("resolve it before closing");
    manualBridge.parts().incidents().acknowledge(key, "alice");
    manualBridge.parts().incidents().resolve(key, "alice", "failover done");
    JsonNode closed = Views.tree(manualBridge.parts().incidents().close(key, "alice"));
    assertThat(closed.path("state").asText()).isEqualTo("closed");
    assertThat(closed.path("acknowledgedBy").asText()).isEqualTo("alice");
    assertThat(closed.path("resolution").asText()).isEqualTo("failover done");
  }

  @Test
  void threeIncidentsWithinAWeek_raiseAProblemLinkingThem_andTheFourthJoinsIt() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      bridge.accept(fx.page1h(FIRING, "payments-errors", "payments"));
      keys.add(activeIncident("payments-errors").path("key").asText());
      bridge.parts().incidents().resolve(keys.get(i), "bob", "retried");
      fx.clock.advance(Duration.ofHours(20));
      if (i == 1) {
        assertThat(bridge.parts().problems().list(filterSlo("payments-errors")).items()).isEmpty();
      }
    }

    var problems = bridge.parts().problems().list(filterSlo("payments-errors")).items();
    assertThat(problems).hasSize(1);
    JsonNode p = Views.tree(bridge.parts().problems().problem(problems.get(0).key()));
    assertThat(p.path("key").asText()).startsWith("PRB-");
    assertThat(p.path("state").asText()).isEqualTo("open");
    assertThat(p.path("incidents")).extracting(JsonNode::asText).containsExactlyElementsOf(keys);
    assertThat(p.path("timeline").get(0).path("message").asText())
        .contains("3 incidents on SLO payments-errors");

    assertThatThrownBy(() -> bridge.parts().problems().knownError(p.path("key").asText(), "carol"))
        .hasMessageContaining("needs a rootCause and a workaround");
    bridge
        .parts()
        .problems()
        .update(p.path("key").asText(), null, "connection pool too small", "restart pods", "carol");
    assertThat(
            Views.tree(bridge.parts().problems().knownError(p.path("key").asText(), "carol"))
                .path("state")
                .asText())
        .isEqualTo("known_error");
    assertThat(
            Views.tree(bridge.parts().problems().close(p.path("key").asText(), "carol"))
                .path("closedBy")
                .asText())
        .isEqualTo("carol");
  }

  private static ListFilter filterSlo(String slo) {
    return new ListFilter(null, null, null, slo, null, null, 10);
  }

  private static Change change(
      String service, String kind, Instant started, String version, String externalId) {
    return Change.proposed(
        "Deploy " + service,
        service,
        kind,
        ChangeState.COMPLETED,
        "github-actions",
        "abc123",
        version,
        "https://ci.example/run/1",
        externalId,
        started,
        started.plusSeconds(60));
  }

  @Test
  void changeOnADependencyWithinTwoHours_isLinkedAsTheSuspectedCause() {
    Instant now = fx.clock.instant();
    JsonNode recent =
        Views.tree(
            bridge
                .parts()
                .changes()
                .record(
                    change(
                        "postgres", "normal", now.minus(Duration.ofMinutes(40)), "15.4", "run-1"),
                    "ci")
                .getValue());
    JsonNode old =
        Views.tree(
            bridge
                .parts()
                .changes()
                .record(
                    change("postgres", "normal", now.minus(Duration.ofHours(3)), "15.3", "run-0"),
                    "ci")
                .getValue());
    JsonNode unrelated =
        Views.tree(
            bridge
                .parts()
                .changes()
                .record(
                    change("web", "normal", now.minus(Duration.ofMinutes(5)), "9", "run-2"), "ci")
                .getValue());
    // A retried POST from CI records nothing new.
    var again =
        bridge
            .parts()
            .changes()
            .record(
                change("postgres", "normal", now.minus(Duration.ofMinutes(40)), "15.4", "run-1"),
                "ci");
    assertThat(again.getKey()).isFalse();
    assertThat(Views.tree(again.getValue()).path("key").asText())
        .isEqualTo(recent.path("key").asText());

    bridge.accept(fx.page1h(FIRING, "catalog-errors", "catalog"));
    JsonNode inc = activeIncident("catalog-errors");

    assertThat(inc.path("links"))
        .extracting(l -> l.path("key").asText() + " " + l.path("relation").asText())
        .contains(recent.path("key").asText() + " suspected-cause")
        .doesNotContain(
            old.path("key").asText() + " suspected-cause",
            unrelated.path("key").asText() + " suspected-cause");
    JsonNode entry = inc.path("timeline").get(kinds(inc).indexOf("suspected-cause"));
    assertThat(entry.path("message").asText())
        .contains("Suspected cause: " + recent.path("key").asText())
        .contains("which catalog depends on")
        .contains("started 40 min before");
  }

  @Test
  void gate_deniesANormalChange_whenTheBudgetIsSpent_andAllowsAnEmergencyOneFlagged() {
    fx.budgets.set("checkout", "checkout-availability", -0.05);
    fx.budgets.set("checkout", "checkout-latency", 0.6);
    Instant now = fx.clock.instant();

    JsonNode normal =
        Views.tree(
            bridge
                .parts()
                .gate()
                .evaluate(change("checkout", "normal", now, "2.0", null), true, "ci"));
    assertThat(normal.path("decision").asText()).isEqualTo("deny");
    assertThat(normal.path("reasons").toString())
        .contains("budget freeze: SLO checkout-availability has -5.0%");
    assertThat(normal.path("changeRecord").path("state").asText()).isEqualTo("rejected");

    JsonNode emergency =
        Views.tree(
            bridge
                .parts()
                .gate()
                .evaluate(change("checkout", "emergency", now, "2.0.1", "hotfix-1"), true, "ci"));
    assertThat(emergency.path("decision").asText()).isEqualTo("allow");
    assertThat(emergency.path("flagged").asBoolean()).isTrue();
    assertThat(emergency.path("reasons").get(0).asText()).startsWith("emergency change: allowed");
    JsonNode recorded = emergency.path("changeRecord");
    assertThat(recorded.path("flagged").asBoolean()).isTrue();
    assertThat(recorded.path("gateDecision").path("decision").asText()).isEqualTo("allow");

    JsonNode standard =
        Views.tree(
            bridge
                .parts()
                .gate()
                .evaluate(change("checkout", "standard", now, "2.0.2", null), false, "ci"));
    assertThat(standard.path("decision").asText()).isEqualTo("allow");
    assertThat(standard.path("reasons").get(0).asText())
        .startsWith("standard change: pre-approved");
  }

  @Test
  void gate_honoursAnApprovedUnexpiredFreezeException_only() {
    fx.budgets.set("catalog", "catalog-search", 0.0);
    Instant now = fx.clock.instant();
    assertThat(
            Views.tree(
                    bridge
                        .parts()
                        .gate()
                        .evaluate(change("catalog", "normal", now, "1", null), false, "ci"))
                .path("allowed")
                .asBoolean())
        .isFalse();

    RequestView req =
        bridge
            .parts()
            .requests()
            .file(
                "freeze_exception",
                "catalog",
                null,
                "security patch",
                "dave",
                null,
                now.plus(Duration.ofHours(4)));
    String key = req.key();
    assertThat(
            Views.tree(
                    bridge
                        .parts()
                        .gate()
                        .evaluate(change("catalog", "normal", now, "1", null), false, "ci"))
                .path("allowed")
                .asBoolean())
        .as("a pending request changes nothing")
        .isFalse();
    assertThatThrownBy(() -> bridge.parts().requests().decide(key, true, "dave", null))
        .hasMessageContaining("cannot approve their own");
    bridge.parts().requests().decide(key, true, "erin", "ok for the patch");

    JsonNode allowed =
        Views.tree(
            bridge
                .parts()
                .gate()
                .evaluate(change("catalog", "normal", fx.clock.instant(), "1", null), false, "ci"));
    assertThat(allowed.path("allowed").asBoolean()).isTrue();
    assertThat(allowed.path("reasons").get(0).asText())
        .contains("freeze exception " + key)
        .contains("erin");

    fx.clock.advance(Duration.ofHours(5));
    assertThat(
            Views.tree(
                    bridge
                        .parts()
                        .gate()
                        .evaluate(
                            change("catalog", "normal", fx.clock.instant(), "1", null),
                            false,
                            "ci"))
                .path("allowed")
                .asBoolean())
        .as("expired")
        .isFalse();
  }

  @Test
  void gate_deniesNormalChanges_whileTheServiceHasAnOpenP1() {
    JsonNode inc =
        Views.tree(
            bridge
                .parts()
                .incidents()
                .openManual("checkout down", "inventory", "page", 1, null, "frank"));
    JsonNode d =
        Views.tree(
            bridge
                .parts()
                .gate()
                .evaluate(
                    change("inventory", "normal", fx.clock.instant(), "3", null), false, "ci"));
    assertThat(d.path("allowed").asBoolean()).isFalse();
    assertThat(d.path("reasons").get(0).asText())
        .contains("major-incident freeze: " + inc.path("key").asText());

    bridge.parts().incidents().resolve(inc.path("key").asText(), "frank", null);
    assertThat(
            Views.tree(
                    bridge
                        .parts()
                        .gate()
                        .evaluate(
                            change("inventory", "normal", fx.clock.instant(), "3", null),
                            false,
                            "ci"))
                .path("allowed")
                .asBoolean())
        .isTrue();
  }

  @Test
  void noData_opensAP4Ticket_andDataResumedRecoversIt() {
    bridge.accept(
        fx.transition(
            dev.burnrate.slo.engine.AlertTransition.Kind.NO_DATA,
            "auth-latency-nodata",
            "auth",
            "no-data",
            dev.burnrate.slo.definition.Severity.TICKET,
            Duration.ZERO,
            0,
            0,
            1));
    JsonNode inc = activeIncident("auth-latency-nodata");
    assertThat(inc.path("priority").asText()).isEqualTo("P4");
    assertThat(inc.path("title").asText()).isEqualTo("No data for SLO auth-latency-nodata of auth");
    assertThat(bridge.activeIncidentKey("auth-latency-nodata")).hasValue(inc.path("key").asText());

    bridge.accept(
        fx.transition(
            dev.burnrate.slo.engine.AlertTransition.Kind.DATA_RESUMED,
            "auth-latency-nodata",
            "auth",
            "no-data",
            dev.burnrate.slo.definition.Severity.TICKET,
            Duration.ZERO,
            0,
            0,
            1));
    assertThat(activeIncident("auth-latency-nodata").path("recovered").asBoolean()).isTrue();
    assertThat(bridge.activeIncidentKey("no-such-slo")).isEmpty();
  }
}
