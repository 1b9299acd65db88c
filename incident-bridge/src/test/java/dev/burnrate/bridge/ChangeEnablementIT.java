package dev.burnrate.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.bridge.BridgeRest.Reply;
import dev.burnrate.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Change enablement end to end over REST against PostgreSQL: a database schema change of payments
 * is denied during the weekend blackout, approved by two of its approvers, carried out in its
 * night-time window with a rollback plan, and marked failed-suspect when an incident follows; the
 * service's DORA keys match a hand computation.
 */
class ChangeEnablementIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String POLICY =
      """
      changes:
        correlationWindow: 2h
        approval:
          required: 2
          advisoryBoard: [cab-chair, cab-ops]
        templates:
          db-index:
            title: Add a database index
            risk: low
            rollbackPlan: drop the index concurrently
            services: [payments]
        blackouts:
          - name: weekend
            weekly: {from: "Fri 18:00", to: "Mon 06:00"}
            zone: Europe/Berlin
      """;
  static BridgeFixture fx;
  static TestClock clock;
  static IncidentBridge bridge;
  static BridgeRest rest;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new BridgeFixture();
    // Friday 4 December 2026, 20:00 in Berlin: inside the weekend blackout.
    clock = TestClock.at("2026-12-04T19:00:00Z");
    BridgeSettings settings = BridgeSettings.parse(POLICY, "burnrate.yaml");
    ServiceCatalog catalog =
        BridgeFixture.catalog()
            .withApprovers(Map.of("payments", List.of("dba-anna", "dba-ben", "dba-cy")));
    bridge = IncidentBridge.create(fx.dataSource, settings, catalog, fx.budgets, clock);
    rest = BridgeRest.serve(bridge);
  }

  @AfterAll
  static void tearDown() throws Exception {
    rest.close();
    bridge.close();
    fx.close();
  }

  static Reply call(String method, String path, String body) throws Exception {
    return rest.call(method, path, body);
  }

  static String approve(String key, String by) throws Exception {
    Reply r = call("POST", "/api/v1/changes/" + key + "/approve", "{\"by\":\"" + by + "\"}");
    return r.status() + " " + r.body().path("detail").asText(r.body().path("state").asText());
  }

  @Test
  void aSchemaChange_isDeniedInTheBlackout_approvedByTwo_runsInItsWindow_andFailsSuspect()
      throws Exception {
    String schemaChange =
        """
        {"service":"payments","kind":"normal","title":"Add orders.customer_id (schema change)",
         "by":"dba-cy","risk":"high",
         "rollbackPlan":"run the down migration V231; restore the 01:00 snapshot if it fails",
         "window":{"start":"%s","end":"%s"},
         "source":{"system":"github-actions","commit":"9f1c2e","version":"2026.12.1",
                   "committedAt":"2026-12-04T15:00:00Z","id":"run-501"}}
        """;
    // 1. Friday night: the gate denies it, naming the blackout.
    Reply denied =
        call(
            "POST",
            "/api/v1/changes/evaluate",
            schemaChange.formatted("2026-12-05T01:00:00Z", "2026-12-05T03:00:00Z"));
    assertThat(denied.status()).isEqualTo(200);
    assertThat(denied.body().path("decision").asText()).isEqualTo("deny");
    assertThat(denied.body().path("reasons").get(0).asText())
        .isEqualTo(
            "blackout 'weekend' (no normal changes Fri 18:00 to Mon 06:00 Europe/Berlin), in force"
                + " now");
    assertThat(denied.body().path("reasons").toString())
        .contains("needs 2 approvals from dba-anna, dba-ben, dba-cy");

    // 2. Re-planned for Tuesday night 02:00-04:00 Berlin and recorded: it waits for approval.
    String tuesday = schemaChange.formatted("2026-12-08T01:00:00Z", "2026-12-08T03:00:00Z");
    Reply created = call("POST", "/api/v1/changes", tuesday);
    assertThat(created.status()).isEqualTo(201);
    JsonNode ch = created.body();
    String key = ch.path("key").asText();
    assertThat(ch.path("state").asText()).isEqualTo("planned");
    assertThat(ch.path("requestedBy").asText()).isEqualTo("dba-cy");
    assertThat(ch.path("plan").path("risk").asText()).isEqualTo("high");
    assertThat(ch.path("plan").path("rollbackPlan").asText()).startsWith("run the down migration");
    assertThat(ch.path("plan").path("windowStart").asText()).isEqualTo("2026-12-08T01:00:00Z");
    assertThat(ch.path("approval").path("status").asText()).isEqualTo("pending");
    assertThat(ch.path("approval").path("required").asInt()).isEqualTo(2);
    assertThat(ch.path("outcome").asText()).isEqualTo("not_deployed");
    assertThat(call("POST", "/api/v1/changes", tuesday).status()).as("CI retry").isEqualTo(200);

    // It cannot start before approval.
    Reply early = call("PATCH", "/api/v1/changes/" + key, "{\"state\":\"in_progress\"}");
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.body().path("detail").asText())
        .isEqualTo(key + " needs 2 approvals from dba-anna, dba-ben, dba-cy before it starts");

    // 3. Approvals: not by the requester (a DBA herself), not by a stranger, once each.
    assertThat(approve(key, "dba-cy"))
        .isEqualTo(
            "409 the requester cannot approve or reject their own change; another approver must");
    assertThat(approve(key, "mallory")).startsWith("409 mallory is not an approver of " + key);
    assertThat(
            call("POST", "/api/v1/changes/" + key + "/approve", "{}").body().path("field").asText())
        .isEqualTo("by");
    assertThat(approve(key, "dba-anna")).isEqualTo("200 planned");
    assertThat(approve(key, "dba-anna")).isEqualTo("409 dba-anna has already approved " + key);
    clock.set(Instant.parse("2026-12-07T10:00:00Z"));
    assertThat(approve(key, "dba-ben")).isEqualTo("200 approved");
    JsonNode approved = call("GET", "/api/v1/changes/" + key, null).body();
    assertThat(approved.path("approval").path("status").asText()).isEqualTo("approved");
    assertThat(approved.path("approval").path("decisions"))
        .extracting(d -> d.path("by").asText())
        .containsExactly("dba-anna", "dba-ben");

    // Monday morning it is approved, but its window has not opened.
    Reply tooEarly = call("PATCH", "/api/v1/changes/" + key, "{\"state\":\"in_progress\"}");
    assertThat(tooEarly.status()).isEqualTo(409);
    assertThat(tooEarly.body().path("detail").asText())
        .startsWith(
            key
                + " may start only in its implementation window 2026-12-08T01:00:00Z to"
                + " 2026-12-08T03:00:00Z; it has not opened");

    // 4. Tuesday 02:15 Berlin: it runs in its window and completes.
    clock.set(Instant.parse("2026-12-08T01:15:00Z"));
    Reply started = call("PATCH", "/api/v1/changes/" + key, "{\"state\":\"in_progress\"}");
    assertThat(started.status()).isEqualTo(200);
    assertThat(started.body().path("startedAt").asText()).isEqualTo("2026-12-08T01:15:00Z");
    clock.set(Instant.parse("2026-12-08T01:45:00Z"));
    Reply done =
        call(
            "PATCH",
            "/api/v1/changes/" + key,
            "{\"state\":\"completed\",\"endedAt\":\"2026-12-08T01:45:00Z\"}");
    assertThat(done.body().path("outcome").asText()).isEqualTo("pending");

    // 5. An incident on payments inside the correlation window makes it failed-suspect.
    clock.set(Instant.parse("2026-12-08T02:30:00Z"));
    Reply inc =
        call(
            "POST",
            "/api/v1/incidents",
            "{\"title\":\"Payment authorisations failing\",\"service\":\"payments\",\"priority\":\"P2\",\"by\":\"oncall\"}");
    assertThat(inc.status()).isEqualTo(201);
    String incident = inc.body().path("key").asText();
    JsonNode suspect = call("GET", "/api/v1/changes/" + key, null).body();
    assertThat(suspect.path("outcome").asText()).isEqualTo("failed_suspect");
    assertThat(suspect.path("suspectIncident").asText()).isEqualTo(incident);
    assertThat(suspect.path("timeline"))
        .extracting(t -> t.path("kind").asText())
        .contains("recorded", "approved", "updated", "failed-suspect");
    clock.set(Instant.parse("2026-12-08T03:10:00Z"));
    assertThat(
            call(
                    "POST",
                    "/api/v1/incidents/" + incident + "/resolve",
                    "{\"by\":\"oncall\",\"resolution\":\"rolled back\"}")
                .status())
        .isEqualTo(200);

    // A second schema change is rejected with a reason, and can then never start.
    clock.set(Instant.parse("2026-12-08T09:00:00Z"));
    String other =
        call(
                "POST",
                "/api/v1/changes",
                "{\"service\":\"payments\",\"title\":\"Drop legacy table\",\"by\":\"dev-dana\"}")
            .body()
            .path("key")
            .asText();
    Reply noReason = call("POST", "/api/v1/changes/" + other + "/reject", "{\"by\":\"dba-cy\"}");
    assertThat(noReason.body().path("field").asText()).isEqualTo("reason");
    Reply rejected =
        call(
            "POST",
            "/api/v1/changes/" + other + "/reject",
            "{\"by\":\"dba-cy\",\"reason\":\"no rollback plan\"}");
    assertThat(rejected.body().path("state").asText()).isEqualTo("rejected");
    assertThat(rejected.body().path("approval").path("status").asText()).isEqualTo("rejected");
    assertThat(
            call("PATCH", "/api/v1/changes/" + other, "{\"state\":\"in_progress\"}")
                .body()
                .path("detail")
                .asText())
        .isEqualTo(other + " was rejected; record a new change");

    // 6. A standard change from its template is pre-approved and runs at once.
    clock.set(Instant.parse("2026-12-09T10:00:00Z"));
    Reply std =
        call(
            "POST",
            "/api/v1/changes",
            "{\"service\":\"payments\",\"template\":\"db-index\",\"source\":{\"system\":\"github-actions\",\"committedAt\":\"2026-12-09T06:20:00Z\",\"id\":\"run-502\"}}");
    assertThat(std.status()).isEqualTo(201);
    assertThat(std.body().path("changeKind").asText()).isEqualTo("standard");
    assertThat(std.body().path("title").asText()).isEqualTo("Add a database index");
    assertThat(std.body().path("state").asText()).isEqualTo("in_progress");
    assertThat(std.body().path("approval").path("status").asText()).isEqualTo("not_required");
    String stdKey = std.body().path("key").asText();
    assertThat(approve(stdKey, "dba-anna"))
        .startsWith(
            "409 " + stdKey + " needs no approval: a standard change from template 'db-index'");
    call(
        "PATCH",
        "/api/v1/changes/" + stdKey,
        "{\"state\":\"completed\",\"endedAt\":\"2026-12-09T10:20:00Z\"}");

    // 7. DORA over 30 days, a day later (both correlation windows have passed).
    clock.set(Instant.parse("2026-12-10T10:00:00Z"));
    assertThat(call("GET", "/api/v1/changes/" + stdKey, null).body().path("outcome").asText())
        .isEqualTo("successful");
    JsonNode dora = call("GET", "/api/v1/services/payments/dora?window=30d", null).body();
    // By hand: two deployments (the rejected change never ran) in 30 days;
    // lead times 2026-12-04T15:00 -> 12-08T01:45 = 82h45m = 297900 s and 06:20 -> 10:20 = 4h =
    // 14400 s, median of two = their mean 156150 s; one of two failed (suspect): 0.5;
    // one incident restored in 40 min = 2400 s.
    assertThat(dora.path("window").asText()).isEqualTo("30d");
    assertThat(dora.path("deploymentFrequency").path("deployments").asInt()).isEqualTo(2);
    assertThat(dora.path("deploymentFrequency").path("perDay").asDouble()).isEqualTo(2 / 30.0);
    assertThat(dora.path("leadTimeForChanges").path("medianSeconds").asDouble())
        .isEqualTo(156150.0);
    assertThat(dora.path("leadTimeForChanges").path("samples").asInt()).isEqualTo(2);
    assertThat(dora.path("changeFailureRate").path("failed").asInt()).isEqualTo(1);
    assertThat(dora.path("changeFailureRate").path("ratio").asDouble()).isEqualTo(0.5);
    assertThat(dora.path("timeToRestore").path("medianSeconds").asDouble()).isEqualTo(2400.0);
    assertThat(dora.path("timeToRestore").path("incidents").asInt()).isEqualTo(1);

    JsonNode report = call("GET", "/api/v1/reports/dora?window=30d", null).body();
    assertThat(report.path("items"))
        .filteredOn(i -> i.path("service").asText().equals("payments"))
        .singleElement()
        .satisfies(i -> assertThat(i).isEqualTo(dora));
    assertThat(bridge.dora(Duration.ofDays(30)))
        .filteredOn(r -> r.service().equals("payments"))
        .singleElement()
        .satisfies(r -> assertThat(r.changeFailureRate()).hasValue(0.5));
  }

  @Test
  void badPlansAndWindows_are400sNamingTheField() throws Exception {
    assertThat(
            call(
                    "POST",
                    "/api/v1/changes",
                    "{\"service\":\"web\",\"window\":{\"start\":\"2026-12-08T01:00:00Z\"}}")
                .body()
                .path("field")
                .asText())
        .isEqualTo("window.end");
    assertThat(
            call("POST", "/api/v1/changes", "{\"service\":\"payments\",\"template\":\"nope\"}")
                .body()
                .path("field")
                .asText())
        .isEqualTo("template");
    assertThat(
            call("POST", "/api/v1/changes", "{\"service\":\"web\",\"risk\":\"yolo\"}")
                .body()
                .path("field")
                .asText())
        .isEqualTo("risk");
    assertThat(
            call("GET", "/api/v1/services/payments/dora?window=soon", null)
                .body()
                .path("field")
                .asText())
        .isEqualTo("window");
    assertThat(call("GET", "/api/v1/services/nope/dora", null).status()).isEqualTo(404);
  }
}
