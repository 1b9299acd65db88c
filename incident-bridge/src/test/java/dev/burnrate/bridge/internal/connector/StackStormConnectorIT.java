package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.BridgeSettings;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Match;
import dev.burnrate.bridge.OutboxSettings;
import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.FakeItsm.Fault;
import dev.burnrate.bridge.fake.StackStormFake;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.ExternalRef;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.stackstorm.StackStormConnector;
import dev.burnrate.testsupport.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * StackStorm against its fake. StackStorm keeps no record of Burnrate's, so for the contract the
 * "external record" of a Burnrate record is the stream of webhook triggers about it, and a
 * duplicate is a second trigger for one event (one trace tag): every event reaches the rule once,
 * in order, whatever the faults.
 */
class StackStormConnectorIT extends ConnectorContractIT {
  static final String KEY = "s3cr3t-st2-api-key";

  private final TestClock clock = TestClock.at("2025-01-31T12:00:00Z");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Map<String, String> reports = new LinkedHashMap<>();
  private final Map<String, JsonNode> reportDetails = new LinkedHashMap<>();
  private int reportCalls;

  @Override
  protected FakeItsm startFake() {
    return new StackStormFake(KEY, "burnrate");
  }

  @Override
  protected ConnectorSettings settings(URI url, boolean right) {
    return ConnectorSettings.of(
        "st2",
        "stackstorm",
        url,
        Map.of("apiKey", right ? KEY : "not-the-key", "webhook", "burnrate"),
        Match.all());
  }

  private StackStormFake st2() {
    return (StackStormFake) fake;
  }

  /** Refs as the outbox keeps them: a report with a reportId seen before writes nothing. */
  private final Map<String, ExternalRef> refStore = new ConcurrentHashMap<>();

  private final Connector.Refs timelineRefs =
      new Connector.Refs() {
        @Override
        public Optional<ExternalRef> find(String recordKey) {
          return Optional.ofNullable(refStore.get(recordKey));
        }

        @Override
        public void store(String recordKey, ExternalRef ref) {
          refStore.putIfAbsent(recordKey, ref);
        }

        @Override
        public void report(
            String recordKey,
            String reportId,
            String kind,
            String message,
            Map<String, ?> details) {
          assertThat(kind).isEqualTo("runbook");
          reportCalls++;
          reports.putIfAbsent(reportId, recordKey + " " + message);
          reportDetails.putIfAbsent(reportId, ToolJson.toObject(details));
        }
      };

  /** A connector with runbooks from burnrate.yaml, a test clock and a meter registry. */
  private Connector withRunbooks(String actionsYaml, String extra) {
    String yaml =
        "connectors:\n"
            + "  - name: st2\n"
            + "    type: stackstorm\n"
            + "    url: "
            + fake.url()
            + "\n"
            + "    apiKey: "
            + KEY
            + "\n"
            + "    webhook: burnrate\n"
            + extra
            + "    actions:\n"
            + actionsYaml;
    ConnectorSettings s = BridgeSettings.parse(yaml, "burnrate.yaml").connectors().get(0);
    // Each wait of the follower moves the clock on instead of sleeping.
    return new StackStormConnector(
        s, new Http(OUTBOX.requestTimeout()), LONG_LEASE, clock, meters, clock::advance);
  }

  /** The contract's outbox with a lease long enough to follow runs for minutes. */
  static final OutboxSettings LONG_LEASE =
      new OutboxSettings(
          1,
          Duration.ofMillis(50),
          Duration.ofMillis(10),
          Duration.ofMillis(100),
          0,
          Duration.ofMillis(400),
          Duration.ofMinutes(10),
          Duration.ZERO,
          OutboxSettings.DEFAULT_RETENTION);

  private static final String RESTART =
      """
            - name: restart-pods
              action: core.remote
              match: {services: [checkout], severities: [page]}
              parameters:
                hosts: web1,web2
                cmd: kubectl rollout restart deploy/checkout
                timeout: 60
                sudo: false
                label: '60'
      """;

  private Outcome send(Connector c, long id, String event, ObjectNode rec, boolean inDoubt)
      throws InterruptedException {
    Instant now = clock.instant();
    return c.deliver(
        new Delivery(
            id,
            event,
            event + " " + rec.path("key").asText(),
            TestSnapshots.of(rec),
            inDoubt,
            inDoubt ? now.minusSeconds(60) : null,
            now,
            timelineRefs));
  }

  private double counted(String runbook, String outcome) {
    var c =
        meters
            .find("burnrate.bridge.runbooks")
            .tags("connector", "st2", "runbook", runbook, "outcome", outcome)
            .counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void everyEvent_isAWebhookTrigger_withTheApiKey_aTraceTag_andTheEventAsBody() throws Exception {
    deliverUntilDone("opened", incident("INC-30", "open", "P1"));

    StackStormFake.TriggerInstance t = st2().triggers.get(0);
    assertThat(t.headers()).containsEntry("St2-api-key", KEY);
    assertThat(t.traceTag()).matches("burnrate-[0-9]+");
    assertThat(t.headers()).containsEntry("St2-trace-tag", t.traceTag());
    assertThat(t.body().path("id").asText()).isEqualTo(t.traceTag());
    assertThat(t.body().path("source").asText()).isEqualTo("burnrate");
    assertThat(t.body().path("event").asText()).isEqualTo("opened");
    assertThat(t.body().path("kind").asText()).isEqualTo("incident");
    assertThat(t.body().path("key").asText()).isEqualTo("INC-30");
    assertThat(t.body().path("service").asText()).isEqualTo("checkout");
    assertThat(t.body().path("severity").asText()).isEqualTo("page");
    assertThat(t.body().path("priority").asText()).isEqualTo("P1");
    assertThat(t.body().path("record").path("slo").asText()).isEqualTo("checkout-availability");
    assertThat(stored.get("INC-30").externalId()).isEqualTo(t.traceTag());
  }

  @Test
  void wrongKey_isARetry_whoseErrorIsStackStormsFaultstring() throws Exception {
    connector = Connectors.create(settings(fake.url(), false), OUTBOX, java.time.Clock.systemUTC());

    Outcome o = deliver("opened", incident("INC-31", "open", "P1"), false);

    assertThat(o).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) o).error())
        .isEqualTo(
            "POST /api/v1/webhooks/burnrate answered 401: Unauthorized - ApiKey with key_hash="
                + Integer.toHexString("not-the-key".hashCode())
                + " not found.");
  }

  @Test
  void aPathPrefixOfTheUrl_isKept() throws Exception {
    fake.close();
    fake = new StackStormFake(KEY, "burnrate", "/st2");
    connector =
        Connectors.create(
            settings(URI.create(fake.url() + "/st2/"), true), OUTBOX, java.time.Clock.systemUTC());

    deliverUntilDone("opened", incident("INC-32", "open", "P1"));

    assertThat(fake.recordsFor("INC-32")).isEqualTo(1);
  }

  @Test
  void aRunbook_runsOnceForItsIncident_isFollowed_andItsResultLandsInTheTimeline()
      throws Exception {
    ObjectNode result = ToolJson.object();
    result
        .putObject("web1")
        .put("stdout", "deployment.apps/checkout restarted\n")
        .put("stderr", "")
        .put("return_code", 0)
        .put("succeeded", true);
    st2()
        .action(
            "core.remote", List.of("scheduled", "running", "running", "succeeded"), result, 41.2);
    Connector c = withRunbooks(RESTART, "");

    assertThat(send(c, 7, "opened", incident("INC-33", "open", "P1"), false))
        .isInstanceOf(Outcome.Delivered.class);

    List<StackStormFake.Execution> runs = st2().executionsOf("core.remote");
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).traceTag).isEqualTo("burnrate-7-restart-pods");
    assertThat(runs.get(0).parameters.path("cmd").asText())
        .isEqualTo("kubectl rollout restart deploy/checkout");
    assertThat(runs.get(0).parameters.path("timeout").isNumber()).isTrue();
    assertThat(runs.get(0).parameters.path("sudo").isBoolean()).isTrue();
    assertThat(runs.get(0).parameters.path("label").isTextual()).isTrue();
    assertThat(reports)
        .containsExactly(
            Map.entry(
                "burnrate-7-restart-pods",
                "INC-33 runbook core.remote restart-pods succeeded in 41 s:"
                    + " deployment.apps/checkout restarted"));
    JsonNode details = reportDetails.get("burnrate-7-restart-pods");
    assertThat(details.path("executionId").asText()).isEqualTo(runs.get(0).id);
    assertThat(details.path("result").path("web1").path("return_code").asInt()).isZero();
    assertThat(details.path("webUrl").asText()).contains(runs.get(0).id);
    assertThat(counted("restart-pods", "succeeded")).isEqualTo(1.0);
    // The webhook trigger went too, so the admin's rules still see the event.
    assertThat(fake.recordsFor("INC-33")).isEqualTo(1);
  }

  @Test
  void aRunbook_runsOnlyForTheServiceSeverityAndEventItMatches() throws Exception {
    st2().action("core.remote", List.of("succeeded"), ToolJson.object(), 1);
    Connector c = withRunbooks(RESTART, "");

    send(c, 1, "opened", incident("INC-34", "open", "P3"), false); // a ticket, not a page
    send(c, 2, "commented", incident("INC-35", "open", "P1"), false); // not an opening
    ObjectNode other = incident("INC-36", "open", "P1");
    other.put("service", "search");
    send(c, 3, "opened", other, false);

    assertThat(st2().executions).isEmpty();
    assertThat(reports).isEmpty();
    assertThat(st2().triggers).hasSize(3);
  }

  @Test
  void aFailedRunbook_isATimelineEntryAndAMetric_andTheEventIsStillDelivered() throws Exception {
    ObjectNode result = ToolJson.object();
    result.put("stdout", "").put("stderr", "drain: permission denied\n").put("return_code", 1);
    st2().action("core.local", List.of("running", "failed"), result, 3.4);
    Connector c =
        withRunbooks(
            """
                  - name: drain
                    action: core.local
                    parameters: {cmd: drain-node}
                  - name: ghost
                    action: ops.not_installed
            """,
            "");

    assertThat(send(c, 9, "opened", incident("INC-37", "open", "P2"), false))
        .isInstanceOf(Outcome.Delivered.class);

    assertThat(reports)
        .containsEntry(
            "burnrate-9-drain",
            "INC-37 runbook core.local drain failed in 3 s: drain: permission denied")
        .containsEntry(
            "burnrate-9-ghost",
            "INC-37 runbook ops.not_installed ghost could not start: POST /api/v1/executions"
                + " answered 400: Action \"ops.not_installed\" cannot be found.");
    assertThat(counted("drain", "failed")).isEqualTo(1.0);
    assertThat(counted("ghost", "rejected")).isEqualTo(1.0);
    assertThat(counted("drain", "succeeded")).isZero();
  }

  @Test
  void anExecutionWhoseAnswerWasLost_isFoundByItsTraceTag_andNeverRunsTwice() throws Exception {
    st2().action("core.remote", List.of("running", "succeeded"), ToolJson.object(), 12);
    st2().loseExecutionAnswers = 1;
    Connector c = withRunbooks(RESTART, "");
    ObjectNode inc = incident("INC-38", "open", "P1");

    Outcome first = send(c, 11, "opened", inc, false);
    assertThat(first).isInstanceOf(Outcome.Retry.class);
    assertThat(st2().executionsOf("core.remote")).hasSize(1);

    // Retried in doubt, as the outbox does; then once more, as after a crash past the report.
    assertThat(send(c, 11, "opened", inc, true)).isInstanceOf(Outcome.Delivered.class);
    assertThat(send(c, 11, "opened", inc, true)).isInstanceOf(Outcome.Delivered.class);

    assertThat(st2().executionsOf("core.remote")).hasSize(1);
    assertThat(st2().triggers).hasSize(1);
    assertThat(reports)
        .containsExactly(
            Map.entry(
                "burnrate-11-restart-pods",
                "INC-38 runbook core.remote restart-pods succeeded in 12 s"));
    assertThat(reportCalls).isEqualTo(2);
  }

  @Test
  void followingIsBounded_andALongRunIsReportedAsStillRunning() throws Exception {
    List<String> steps = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      steps.add("running");
    }
    st2().action("core.remote", steps, ToolJson.object(), 0);
    Connector c = withRunbooks(RESTART, "    followFor: 10s\n    pollInterval: 2s\n");

    assertThat(send(c, 13, "opened", incident("INC-39", "open", "P1"), false))
        .isInstanceOf(Outcome.Delivered.class);

    StackStormFake.Execution run = st2().executionsOf("core.remote").get(0);
    assertThat(run.status()).isEqualTo("running");
    assertThat(reports.get("burnrate-13-restart-pods"))
        .isEqualTo(
            "INC-39 runbook core.remote restart-pods still running after 10 s (StackStorm execution "
                + run.id
                + "); Burnrate stopped following it");
    assertThat(counted("restart-pods", "unfinished")).isEqualTo(1.0);
  }

  @Test
  void aRateLimitedExecution_pausesTheConnectorForRetryAfter() throws Exception {
    st2().action("core.remote", List.of("succeeded"), ToolJson.object(), 1);
    Connector c = withRunbooks(RESTART, "");
    fake.failNext(Fault.RATE_LIMIT);

    Outcome o = send(c, 15, "opened", incident("INC-42", "open", "P1"), false);

    assertThat(o).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) o).after()).isEqualTo(Duration.ofSeconds(1));
    Outcome paused = send(c, 16, "opened", incident("INC-43", "open", "P1"), false);
    assertThat(paused).isInstanceOf(Outcome.Retry.class);
    assertThat(st2().triggers).isEmpty();
  }

  @Test
  void settings_needTheWebhook_andRefuseBadActionsAtTheirPlace() {
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n  - {name: s, type: stackstorm, url: 'https://st2.example', apiKey: k}\n",
                    "b.yaml"))
        .hasMessageContaining("stackstorm connector 's' needs 'webhook'");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n"
                        + "  - name: s\n    type: stackstorm\n    url: https://st2.example\n"
                        + "    apiKey: k\n    webhook: burnrate\n    actions:\n"
                        + "      - {name: x, action: restart}\n",
                    "b.yaml"))
        .hasMessageStartingWith(
            "b.yaml:8:9: connectors[0].actions[0]: action must be a StackStorm action ref");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n"
                        + "  - name: s\n    type: stackstorm\n    url: https://st2.example\n"
                        + "    apiKey: k\n    webhook: burnrate\n    actions:\n"
                        + "      - {action: core.local, match: {severity: [page]}}\n",
                    "b.yaml"))
        .hasMessageContaining("connectors[0].actions[0].match.severity: unknown key");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n"
                        + "  - name: s\n    type: stackstorm\n    url: https://st2.example\n"
                        + "    apiKey: k\n    webhook: burnrate\n    actions:\n"
                        + "      - {action: core.local}\n      - {action: core.local}\n",
                    "b.yaml"))
        .hasMessageContaining("another action is already named 'core.local'");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n  - {name: s, type: stackstorm, url: 'https://st2.example',"
                        + " apiKey: k, webhook: 'a b'}\n",
                    "b.yaml"))
        .hasMessageContaining("webhook must be the url of the rule's core.st2.webhook trigger");
  }
}
