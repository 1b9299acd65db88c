package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Match;
import dev.burnrate.bridge.OutboxSettings;
import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.JiraFake;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JiraConnectorIT extends ConnectorContractIT {

  @Override
  protected FakeItsm startFake() {
    return new JiraFake("bot@example.com", "s3cr3t-token", "OPS");
  }

  @Override
  protected ConnectorSettings settings(URI url, boolean right) {
    return ConnectorSettings.of(
        "jira",
        "jira",
        url,
        Map.of(
            "user", "bot@example.com", "token", right ? "s3cr3t-token" : "nope", "project", "OPS"),
        Match.all());
  }

  @Test
  void problemAndIncident_areLinkedAsIssues_whicheverArrivesSecond() throws Exception {
    deliverUntilDone("opened", incident("INC-20", "open", "P1"));
    deliverUntilDone("opened", problem("PRB-3", List.of("INC-20")));

    JiraFake jira = (JiraFake) fake;
    assertThat(jira.issue("PRB-3").type).isEqualTo("Problem");
    assertThat(jira.links)
        .containsExactly("Relates:" + jira.issue("INC-20").key + "->" + jira.issue("PRB-3").key);
  }

  @Test
  void aTimelineEvent_isOneComment_evenWhenRetriedInDoubt() throws Exception {
    deliverUntilDone("opened", incident("INC-21", "open", "P1"));
    fake.failNext(FakeItsm.Fault.PROCESS_THEN_DROP);
    Instant now = Instant.now();
    Delivery d =
        new Delivery(
            777,
            "commented",
            "alice: looking",
            TestSnapshots.of(incident("INC-21", "open", "P1")),
            false,
            null,
            now,
            refs);
    assertThat(connector.deliver(d)).isInstanceOf(Outcome.Retry.class);
    Delivery again =
        new Delivery(
            777,
            "commented",
            "alice: looking",
            TestSnapshots.of(incident("INC-21", "open", "P1")),
            true,
            now,
            now,
            refs);
    assertThat(connector.deliver(again)).isInstanceOf(Outcome.Delivered.class);

    assertThat(((JiraFake) fake).issue("INC-21").comments).hasSize(1);
  }

  @Test
  void anInDoubtCreate_waitsForTheSearchIndex_beforeSearching() throws Exception {
    OutboxSettings lagging =
        new OutboxSettings(
            1,
            Duration.ofMillis(50),
            Duration.ofMillis(10),
            Duration.ofMillis(100),
            0,
            Duration.ofMillis(400),
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            OutboxSettings.DEFAULT_RETENTION);
    connector = Connectors.create(settings(fake.url(), true), lagging, Clock.systemUTC());
    Instant now = Instant.now();

    Outcome o =
        connector.deliver(
            new Delivery(
                5,
                "opened",
                "x",
                TestSnapshots.of(incident("INC-22", "open", "P1")),
                true,
                now.minusSeconds(10),
                now,
                refs));

    assertThat(o).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) o).after()).isEqualTo(Duration.ofSeconds(20));
    assertThat(fake.requests.get()).isZero();
  }

  private JiraFake jira() {
    return (JiraFake) fake;
  }

  private Connector withOptions(Map<String, String> extra) {
    Map<String, String> values =
        new java.util.HashMap<>(
            Map.of("user", "bot@example.com", "token", "s3cr3t-token", "project", "OPS"));
    values.putAll(extra);
    return Connectors.create(
        ConnectorSettings.of("jira", "jira", fake.url(), values, Match.all()),
        OUTBOX,
        Clock.systemUTC());
  }

  @Test
  void inAServiceManagementProject_aTimelineLine_isAnInternalComment() throws Exception {
    jira().serviceDesk = true;
    deliverUntilDone("opened", incident("INC-23", "open", "P2"));
    deliverUntilDone("commented", incident("INC-23", "open", "P2"));

    JiraFake.Issue i = jira().issue("INC-23");
    assertThat(i.comments).hasSize(1);
    assertThat(i.commentPublic).containsExactly(false);
  }

  @Test
  void withARequestType_anIncidentIsACustomerRequest_withInternalComments() throws Exception {
    jira().serviceDesk = true;
    connector = withOptions(Map.of("requestType", "25"));
    deliverUntilDone("opened", incident("INC-24", "open", "P2"));
    JiraFake.Issue i = jira().issue("INC-24");
    assertThat(i.requestType).isEqualTo("25");
    assertThat(i.description).contains("[burnrate-INC-24]");

    fake.failNext(FakeItsm.Fault.PROCESS_THEN_DROP);
    deliverUntilDone("commented", incident("INC-24", "open", "P2"));

    assertThat(i.comments).hasSize(1);
    assertThat(i.comments.get(0)).startsWith("commented INC-24");
    assertThat(i.commentPublic).containsExactly(false);
  }

  @Test
  void withoutLabelsOnTheCreateScreen_issuesAreCreatedAndFoundInDoubtByTheirMarker()
      throws Exception {
    jira().labelsOnScreen = false;
    assertThat(deliver("opened", incident("INC-25", "open", "P2"), false))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(jira().issue("INC-25").labels).isEmpty();

    fake.failNext(FakeItsm.Fault.PROCESS_THEN_DROP);
    assertThat(deliver("opened", incident("INC-26", "open", "P2"), false))
        .isInstanceOf(Outcome.Retry.class);
    deliverUntilDone("opened", incident("INC-26", "open", "P2"));

    assertThat(fake.recordsFor("INC-26")).isEqualTo(1);
    assertThat(stored.get("INC-26").externalKey()).isEqualTo(jira().issue("INC-26").key);
  }

  @Test
  void theResolveTransition_setsTheConfiguredResolution() throws Exception {
    connector = withOptions(Map.of("resolution", "Fixed"));
    deliverUntilDone("opened", incident("INC-27", "open", "P2"));
    deliverUntilDone("resolved", incident("INC-27", "resolved", "P2"));

    assertThat(jira().issue("INC-27").status).isEqualTo("Resolved");
    assertThat(jira().issue("INC-27").resolution).isEqualTo("Fixed");
  }
}
