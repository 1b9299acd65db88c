package dev.burnrate.bridge.internal.change;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.DoraReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DORA's four keys from change and incident records, against numbers worked out by hand. */
class DoraKeysTest {
  private static final Instant NOW = Instant.parse("2026-12-31T00:00:00Z");
  private static final Duration CORR = Duration.ofHours(2);

  private static Change deployed(
      ChangeState state, String committed, String started, String ended, String suspect) {
    return new Change(
        1,
        "CHG-1",
        "t",
        "payments",
        "normal",
        state,
        "ci",
        "abc",
        "1",
        null,
        null,
        Instant.parse(started),
        ended == null ? null : Instant.parse(ended),
        false,
        null,
        Instant.parse(started),
        ChangePlan.NONE,
        ApprovalRule.NONE,
        null,
        committed == null ? null : Instant.parse(committed),
        suspect);
  }

  @Test
  void fourKeys_matchAHandComputation() {
    List<Change> deployments =
        List.of(
            // lead 2h
            deployed(
                ChangeState.COMPLETED,
                "2026-12-10T08:00:00Z",
                "2026-12-10T09:30:00Z",
                "2026-12-10T10:00:00Z",
                null),
            // lead 26h, failed-suspect
            deployed(
                ChangeState.COMPLETED,
                "2026-12-11T08:00:00Z",
                "2026-12-12T09:00:00Z",
                "2026-12-12T10:00:00Z",
                "INC-3"),
            // lead 5h, reported failed
            deployed(
                ChangeState.FAILED,
                "2026-12-20T00:00:00Z",
                "2026-12-20T04:00:00Z",
                "2026-12-20T05:00:00Z",
                null),
            // no commit time
            deployed(ChangeState.COMPLETED, null, "2026-12-21T00:00:00Z", null, null));
    List<Duration> restores = List.of(Duration.ofMinutes(40), Duration.ofMinutes(100));

    DoraReport r =
        DoraKeys.compute("payments", deployments, restores, Duration.ofDays(30), CORR, NOW);

    assertThat(r.deployments()).isEqualTo(4);
    assertThat(r.deploymentsPerDay()).isEqualTo(4 / 30.0);
    assertThat(r.leadTimeSamples()).isEqualTo(3);
    assertThat(r.leadTime()).contains(Duration.ofHours(5)); // median of 2h, 5h, 26h
    assertThat(r.failedDeployments()).isEqualTo(2);
    assertThat(r.changeFailureRate()).hasValue(0.5);
    assertThat(r.timeToRestore()).contains(Duration.ofMinutes(70)); // mean of the middle two
    assertThat(r.restoredIncidents()).isEqualTo(2);
  }

  @Test
  void noRecords_noKeys() {
    DoraReport r = DoraKeys.compute("web", List.of(), List.of(), Duration.ofDays(7), CORR, NOW);

    assertThat(r.deployments()).isZero();
    assertThat(r.deploymentsPerDay()).isZero();
    assertThat(r.leadTime()).isEmpty();
    assertThat(r.changeFailureRate()).isEmpty();
    assertThat(r.timeToRestore()).isEmpty();
  }

  @Test
  void aCompletedChange_isSuccessfulOnlyOnceItsCorrelationWindowPassed() {
    Change ch =
        deployed(ChangeState.COMPLETED, null, "2026-12-30T23:00:00Z", "2026-12-30T23:10:00Z", null);

    assertThat(ch.outcome(NOW, CORR)).isEqualTo(ChangeOutcome.PENDING);
    assertThat(ch.outcome(NOW.plus(Duration.ofHours(1)), CORR)).isEqualTo(ChangeOutcome.SUCCESSFUL);
  }
}
