package dev.burnrate.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.bridge.BridgeRest.Reply;
import dev.burnrate.bridge.fake.FakeItsm.Fault;
import dev.burnrate.bridge.fake.StackStormActionsFake;
import dev.burnrate.bridge.fake.WebhookFake;
import dev.burnrate.testsupport.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request catalog end to end: a new employee's account is requested, approved by IT and
 * fulfilled by a StackStorm action with the outcome recorded; automation survives a restart without
 * running twice; manual and webhook fulfilment; the built-in types through the catalog.
 */
class ServiceRequestsIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final TestClock clock = TestClock.at("2026-01-05T09:00:00Z");
  static BridgeFixture fx;
  static StackStormActionsFake st2;
  static WebhookFake hook;
  static ServiceCatalog catalog;
  static IncidentBridge bridge;
  static BridgeRest rest;

  static String catalogYaml(URI st2Url, URI hookUrl) {
    return """
        services:
          checkout: {owner: team-shop}
        automation:
          stackstorm:
            url: %s
            apiKey: st2-key-123
          webhooks:
            provisioning:
              url: %s
              secret: hook-secret
        requestTypes:
          new-employee-account:
            description: Accounts for a new employee
            fields:
              fullName: {type: string, required: true, pattern: "[A-Za-z][A-Za-z .'-]{1,79}"}
              email: {type: email, required: true}
              team: {type: enum, values: [shop, payments, platform], required: true}
              laptop: {type: boolean}
              quotaGb: {type: number}
            approval:
              approvers: [it-lead]
            fulfilment:
              stackstorm:
                action: identity.create_account
                parameters:
                  display_name: "{{fullName}}"
                  mail: "{{email}}"
                  groups: "team-{{team}}"
                  laptop: "{{laptop}}"
            target: 1d
            timeout: 2h
          broken-action:
            fields:
              who: {type: string, required: true}
            approval: {required: false}
            fulfilment:
              stackstorm: {action: identity.broken}
          vpn-access:
            fields:
              user: {type: string, required: true}
            approval: {required: false}
            fulfilment: {webhook: provisioning}
          desk-phone:
            fields:
              room: {type: string, required: true}
            approval: {required: false}
            target: 4h
        """
        .formatted(st2Url, hookUrl);
  }

  @BeforeAll
  static void setUp() throws Exception {
    fx = new BridgeFixture();
    st2 = new StackStormActionsFake("st2-key-123");
    st2.action(
        "identity.create_account",
        1,
        "succeeded",
        JSON.readTree("{\"uid\":\"jdoe\",\"ldap_dn\":\"uid=jdoe,ou=people\"}"));
    st2.action("identity.broken", 0, "failed", JSON.readTree("{\"stderr\":\"LDAP refused\"}"));
    hook = new WebhookFake("hook-secret", clock);
    catalog = ServiceCatalog.parse(catalogYaml(st2.url(), hook.url()), "catalog.yaml");
    bridge = newBridge();
    rest = BridgeRest.serve(bridge);
  }

  static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  static IncidentBridge newBridge() {
    return IncidentBridge.builder(fx.dataSource, BridgeSettings.defaults())
        .catalog(catalog)
        .budgets(fx.budgets)
        .clock(clock)
        .meterRegistry(meters)
        .build();
  }

  static double breaches(String type) {
    return meters.get("burnrate.bridge.request.breaches").tag("type", type).counter().count();
  }

  static long timeline(String key, String kind) {
    return fx.count(
        "SELECT count(*) FROM bridge_timeline WHERE record_key = '"
            + key
            + "' AND kind = '"
            + kind
            + "'");
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (rest != null) {
      rest.close();
      bridge.close();
    }
    if (st2 != null) {
      st2.close();
      hook.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  static Reply call(String method, String path, String body) throws Exception {
    return rest.call(method, path, body);
  }

  static String submit(String type, String fields, String by) throws Exception {
    Reply r =
        call(
            "POST",
            "/api/v1/request-types/" + type + "/requests",
            "{\"fields\":" + fields + ",\"by\":\"" + by + "\"}");
    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    return r.body().path("key").asText();
  }

  static JsonNode get(String key) throws Exception {
    return call("GET", "/api/v1/requests/" + key, null).body();
  }

  /** Finishes what earlier tests left fulfilling, so that each test sees only its own requests. */
  static void drain() {
    for (int i = 0;
        i < 10 && fx.count("SELECT count(*) FROM bridge_request WHERE state = 'fulfilling'") > 0;
        i++) {
      clock.advance(Duration.ofHours(3));
      bridge.tick();
    }
  }

  static List<String> names(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.path("name").asText()));
    return out;
  }

  static final String JANE =
      "{\"fullName\":\"Jane Doe\",\"email\":\"jane.doe@example.com\",\"team\":\"payments\","
          + "\"laptop\":true}";

  @Test
  void newEmployeeAccount_isApprovedByIt_andFulfilledByAStackStormAction_withItsOutcome()
      throws Exception {
    JsonNode types = call("GET", "/api/v1/request-types", null).body().path("items");
    assertThat(names(types))
        .startsWith("freeze_exception", "budget_reset")
        .contains("new-employee-account");
    JsonNode type = call("GET", "/api/v1/request-types/new-employee-account", null).body();
    assertThat(type.path("fulfilment").path("action").asText())
        .isEqualTo("identity.create_account");
    assertThat(type.path("approval").path("approvers").get(0).asText()).isEqualTo("it-lead");

    drain();
    clock.set(java.time.Instant.parse("2026-02-02T09:00:00Z"));
    int before = st2.started.size();
    String key = submit("new-employee-account", JANE, "hr-ann");
    JsonNode submitted = get(key);
    assertThat(submitted.path("state").asText()).isEqualTo("pending");
    assertThat(submitted.path("fields").path("email").asText()).isEqualTo("jane.doe@example.com");
    assertThat(submitted.path("target").path("dueAt").asText()).isEqualTo("2026-02-03T09:00:00Z");
    assertThat(submitted.path("target").path("timeLeft").asText()).isEqualTo("1d");

    // Nothing runs before approval; the requester and non-approvers cannot approve.
    bridge.tick();
    assertThat(st2.started).hasSize(before);
    assertThat(call("POST", "/api/v1/requests/" + key + "/approve", "{\"by\":\"hr-ann\"}").status())
        .isEqualTo(409);
    assertThat(
            call("POST", "/api/v1/requests/" + key + "/approve", "{\"by\":\"mallory\"}").status())
        .isEqualTo(409);
    clock.advance(Duration.ofHours(2));
    Reply approved = call("POST", "/api/v1/requests/" + key + "/approve", "{\"by\":\"it-lead\"}");
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.body().path("state").asText()).isEqualTo("fulfilling");
    assertThat(approved.body().path("target").path("timeLeft").asText()).isEqualTo("22h");

    // The ticker starts the action and records its execution id before following it.
    bridge.tick();
    assertThat(st2.started).hasSize(before + 1);
    JsonNode sent = st2.started.get(before);
    assertThat(sent.path("action").asText()).isEqualTo("identity.create_account");
    assertThat(sent.path("parameters").path("display_name").asText()).isEqualTo("Jane Doe");
    assertThat(sent.path("parameters").path("mail").asText()).isEqualTo("jane.doe@example.com");
    assertThat(sent.path("parameters").path("groups").asText()).isEqualTo("team-payments");
    assertThat(sent.path("parameters").path("laptop").asBoolean()).isTrue();
    JsonNode running = get(key);
    String execution = running.path("fulfilment").path("executionId").asText();
    assertThat(execution).isEqualTo(List.copyOf(st2.executions.keySet()).get(before));
    assertThat(running.path("state").asText()).isEqualTo("fulfilling");

    bridge.tick(); // scheduled
    assertThat(get(key).path("state").asText()).isEqualTo("fulfilling");
    clock.advance(Duration.ofMinutes(3));
    bridge.tick(); // succeeded
    JsonNode done = get(key);
    assertThat(done.path("state").asText()).isEqualTo("fulfilled");
    JsonNode outcome = done.path("fulfilment").path("outcome");
    assertThat(outcome.path("executionId").asText()).isEqualTo(execution);
    assertThat(outcome.path("status").asText()).isEqualTo("succeeded");
    assertThat(outcome.path("result").path("uid").asText()).isEqualTo("jdoe");
    assertThat(done.path("fulfilment").path("by").asText()).isEqualTo("stackstorm");
    assertThat(done.path("fulfilment").path("finishedAt").asText())
        .isEqualTo("2026-02-02T11:03:00Z");
    assertThat(done.path("target").path("breached").asBoolean()).isFalse();
    assertThat(done.path("target").path("timeLeft").isNull()).isTrue();

    bridge.tick();
    assertThat(st2.started).hasSize(before + 1);
    assertThat(
            call("GET", "/api/v1/requests?type=new-employee-account&state=fulfilled", null)
                .body()
                .path("items")
                .findValuesAsText("key"))
        .contains(key);
  }

  @Test
  void badFields_areA400NamingTheField_andNothingIsStored() throws Exception {
    long before = fx.count("SELECT count(*) FROM bridge_request");
    String[][] cases = {
      {"{\"email\":\"a@example.com\",\"team\":\"shop\"}", "fields.fullName"},
      {"{\"fullName\":\"Jane\",\"email\":\"not-an-address\",\"team\":\"shop\"}", "fields.email"},
      {"{\"fullName\":\"Jane\",\"email\":\"a@example.com\",\"team\":\"sales\"}", "fields.team"},
      {"{\"fullName\":\"J4n3!\",\"email\":\"a@example.com\",\"team\":\"shop\"}", "fields.fullName"},
      {
        "{\"fullName\":\"Jane\",\"email\":\"a@example.com\",\"team\":\"shop\",\"laptop\":\"yes\"}",
        "fields.laptop"
      },
      {
        "{\"fullName\":\"Jane\",\"email\":\"a@example.com\",\"team\":\"shop\",\"quotaGb\":\"x\"}",
        "fields.quotaGb"
      },
      {
        "{\"fullName\":\"Jane\",\"email\":\"a@example.com\",\"team\":\"shop\",\"nick\":\"jd\"}",
        "fields.nick"
      },
      {"[1]", "fields"},
      {"{\"\\ud800\":1}", "fields"},
    };
    for (String[] c : cases) {
      Reply r =
          call(
              "POST",
              "/api/v1/request-types/new-employee-account/requests",
              "{\"fields\":" + c[0] + ",\"by\":\"hr-ann\"}");
      assertThat(r.status()).as(c[0]).isEqualTo(400);
      assertThat(r.body().path("field").asText()).as(c[0]).isEqualTo(c[1]);
    }
    assertThat(call("POST", "/api/v1/request-types/nope/requests", "{\"fields\":{}}").status())
        .isEqualTo(404);
    assertThat(fx.count("SELECT count(*) FROM bridge_request")).isEqualTo(before);
  }

  @Test
  void automation_survivesARestart_withoutStartingTheActionTwice() throws Exception {
    drain();
    String key = submit("new-employee-account", JANE.replace("Jane", "Joan"), "hr-ann");
    call("POST", "/api/v1/requests/" + key + "/approve", "{\"by\":\"it-lead\"}");
    int startedBefore = st2.started.size();
    bridge.tick(); // claims, starts, records the execution id
    assertThat(st2.started).hasSize(startedBefore + 1);
    String execution = get(key).path("fulfilment").path("executionId").asText();

    // Another bridge over the same database (the first one stopped) follows the same execution.
    try (IncidentBridge restarted = newBridge()) {
      restarted.tick();
      restarted.tick();
    }
    assertThat(st2.started).hasSize(startedBefore + 1);
    JsonNode done = get(key);
    assertThat(done.path("state").asText()).isEqualTo("fulfilled");
    assertThat(done.path("fulfilment").path("outcome").path("executionId").asText())
        .isEqualTo(execution);
  }

  @Test
  void aClaimWithoutAnExecutionId_afterACrash_failsInsteadOfRunningAgain() throws Exception {
    drain();
    String key = submit("new-employee-account", JANE.replace("Jane", "Jill"), "hr-ann");
    call("POST", "/api/v1/requests/" + key + "/approve", "{\"by\":\"it-lead\"}");
    // As if the bridge stopped after committing its claim and before StackStorm answered.
    try (Connection c = fx.dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE bridge_request SET started_at = '"
              + clock.instant()
              + "' WHERE key = '"
              + key
              + "'");
    }
    int startedBefore = st2.started.size();
    clock.advance(Duration.ofMinutes(1));
    bridge.tick();
    assertThat(get(key).path("state").asText()).isEqualTo("fulfilling");
    clock.advance(Duration.ofDays(1));
    bridge.tick();
    JsonNode failed = get(key);
    assertThat(failed.path("state").asText()).isEqualTo("failed");
    assertThat(failed.path("fulfilment").path("outcome").path("error").asText())
        .contains("may or may not have run");
    assertThat(st2.started).hasSize(startedBefore);
  }

  @Test
  void aLostAnswer_isRecordedAsFailed_andTheActionIsNotStartedAgain() throws Exception {
    drain();
    String key = submit("broken-action", "{\"who\":\"x\"}", "ops");
    st2.failNext(Fault.PROCESS_THEN_DROP);
    int startedBefore = st2.started.size();
    bridge.tick();
    bridge.tick();
    JsonNode failed = get(key);
    assertThat(failed.path("state").asText()).isEqualTo("failed");
    assertThat(failed.path("fulfilment").path("outcome").path("error").asText())
        .contains("no answer from StackStorm");
    assertThat(st2.started).hasSize(startedBefore + 1);
  }

  @Test
  void aFailedAction_failsTheRequest_withItsResult() throws Exception {
    drain();
    String key = submit("broken-action", "{\"who\":\"y\"}", "ops");
    assertThat(get(key).path("state").asText()).isEqualTo("fulfilling");
    bridge.tick();
    bridge.tick();
    JsonNode failed = get(key);
    assertThat(failed.path("state").asText()).isEqualTo("failed");
    assertThat(failed.path("fulfilment").path("outcome").path("status").asText())
        .isEqualTo("failed");
    assertThat(failed.path("fulfilment").path("outcome").path("result").path("stderr").asText())
        .isEqualTo("LDAP refused");
  }

  @Test
  void aWebhookFulfilment_isSigned_andItsAnswerIsTheOutcome() throws Exception {
    drain();
    String key = submit("vpn-access", "{\"user\":\"jdoe\"}", "ops");
    bridge.tick();
    assertThat(hook.badSignatures).isZero();
    assertThat(hook.records).containsKey(key);
    assertThat(hook.records.get(key).path("fields").path("user").asText()).isEqualTo("jdoe");
    JsonNode done = get(key);
    assertThat(done.path("state").asText()).isEqualTo("fulfilled");
    assertThat(done.path("fulfilment").path("outcome").path("httpStatus").asInt()).isEqualTo(200);
  }

  @Test
  void aManualRequest_isFulfilledByHand_andShowsItsTargetBreach() throws Exception {
    String key = submit("desk-phone", "{\"room\":\"B2.14\"}", "ops");
    JsonNode approved = get(key);
    assertThat(approved.path("state").asText()).isEqualTo("approved");
    bridge.tick();
    assertThat(get(key).path("state").asText()).isEqualTo("approved");
    clock.advance(Duration.ofHours(5));
    JsonNode late = get(key);
    assertThat(late.path("target").path("breached").asBoolean()).isTrue();
    assertThat(late.path("target").path("timeLeft").isNull()).isTrue();
    Reply done =
        call(
            "POST",
            "/api/v1/requests/" + key + "/fulfil",
            "{\"by\":\"desk\",\"outcome\":\"phone installed\"}");
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.body().path("state").asText()).isEqualTo("fulfilled");
    assertThat(done.body().path("fulfilment").path("outcome").path("note").asText())
        .isEqualTo("phone installed");
    assertThat(done.body().path("target").path("breached").asBoolean()).isTrue();
    assertThat(call("POST", "/api/v1/requests/" + key + "/fulfil", "{\"by\":\"desk\"}").status())
        .isEqualTo(409);
    String auto = submit("broken-action", "{\"who\":\"z\"}", "ops");
    assertThat(call("POST", "/api/v1/requests/" + auto + "/fulfil", "{\"by\":\"desk\"}").status())
        .isEqualTo(409);
  }

  @Test
  void aMissedFulfilmentTarget_isAnEvent_recordedOnceOnTheTimeline_andCounted() throws Exception {
    assertThat(breaches("freeze_exception")).as("every type's counter exists at zero").isZero();
    bridge.tick();
    double before = breaches("desk-phone");
    String open = submit("desk-phone", "{\"room\":\"C1.01\"}", "ops");
    String onTime = submit("desk-phone", "{\"room\":\"C1.02\"}", "ops");
    clock.advance(Duration.ofHours(3));
    assertThat(call("POST", "/api/v1/requests/" + onTime + "/fulfil", "{\"by\":\"desk\"}").status())
        .isEqualTo(200);
    bridge.tick();
    assertThat(timeline(open, "breached")).isZero();
    String late = submit("desk-phone", "{\"room\":\"C1.03\"}", "ops");

    clock.advance(Duration.ofHours(2));
    bridge.tick();
    assertThat(timeline(open, "breached")).isEqualTo(1);
    assertThat(get(open).path("target").path("breachedAt").asText())
        .isEqualTo(clock.instant().toString());
    assertThat(breaches("desk-phone")).isEqualTo(before + 1);

    // Fulfilled after its target, before a tick looked: recorded at the next one.
    clock.advance(Duration.ofHours(3));
    assertThat(call("POST", "/api/v1/requests/" + late + "/fulfil", "{\"by\":\"desk\"}").status())
        .isEqualTo(200);
    clock.advance(Duration.ofMinutes(1));
    bridge.tick();
    bridge.tick();
    assertThat(timeline(open, "breached")).isEqualTo(1);
    assertThat(timeline(late, "breached")).isEqualTo(1);
    assertThat(timeline(onTime, "breached")).isZero();
    assertThat(breaches("desk-phone")).isEqualTo(before + 2);
    assertThat(get(onTime).path("target").path("breachedAt").isNull()).isTrue();
    assertThat(
            fx.count(
                "SELECT count(*) FROM bridge_timeline WHERE record_key = '"
                    + late
                    + "' AND kind = 'breached' AND message ="
                    + " 'Breached the fulfilment target of 4h: fulfilled 5h after submission'"))
        .isEqualTo(1);
  }

  @Test
  void builtInTypes_areSubmittedThroughTheCatalog_withTheirOldShapeAndRules() throws Exception {
    Reply r =
        call(
            "POST",
            "/api/v1/request-types/freeze_exception/requests",
            "{\"fields\":{\"service\":\"checkout\",\"reason\":\"hotfix\",\"duration\":\"4h\"},"
                + "\"by\":\"dev-dan\"}");
    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    assertThat(r.body().path("service").asText()).isEqualTo("checkout");
    assertThat(r.body().path("inForce").asBoolean()).isFalse();
    assertThat(r.body().has("fields")).isFalse();
    String key = r.body().path("key").asText();
    assertThat(
            call("POST", "/api/v1/requests/" + key + "/approve", "{\"by\":\"dev-dan\"}").status())
        .isEqualTo(409);
    JsonNode ok =
        call("POST", "/api/v1/requests/" + key + "/approve", "{\"by\":\"sre-sue\"}").body();
    assertThat(ok.path("state").asText()).isEqualTo("approved");
    assertThat(ok.path("inForce").asBoolean()).isTrue();
    Reply bad =
        call(
            "POST",
            "/api/v1/request-types/budget_reset/requests",
            "{\"fields\":{\"service\":\"nope\",\"reason\":\"x\",\"duration\":\"1h\"}}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("field").asText()).isEqualTo("service");
    Reply long_ =
        call(
            "POST",
            "/api/v1/request-types/budget_reset/requests",
            "{\"fields\":{\"service\":\"checkout\",\"reason\":\"x\",\"duration\":\"31d\"}}");
    assertThat(long_.body().path("field").asText()).isEqualTo("fields.duration");
  }
}
