package dev.burnrate.bridge.internal.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.internal.change.ChangeState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a problem's fix has proved itself, as values in, values out: no database. */
class ProblemDecisionsTest {
  private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
  private static final Duration QUIET = Duration.ofDays(7);
  private static final ProblemFix FIX = new ProblemFix("PRB-3", "CHG-9", T0, "alice", null);

  private static Problem problem(ProblemState state) {
    return new Problem(
        3,
        "PRB-3",
        "Login server down every week",
        "service",
        null,
        List.of("auth"),
        state,
        "memory leak in the session cache",
        "restart the login server every Sunday",
        T0,
        state == ProblemState.KNOWN_ERROR ? T0 : null,
        null,
        null,
        null);
  }

  @Test
  void aFixNotYetCompleted_changesNothing() {
    assertThat(
            ProblemDecisions.verify(
                problem(ProblemState.KNOWN_ERROR),
                FIX,
                ChangeState.IN_PROGRESS,
                null,
                null,
                T0.plus(Duration.ofDays(30)),
                QUIET))
        .isEmpty();
  }

  @Test
  void aCompletedFix_isMarkedAtItsEnd_andResolvesTheProblemOnlyAfterTheQuietPeriod() {
    Instant ended = T0.plus(Duration.ofDays(1));
    var first =
        ProblemDecisions.verify(
                problem(ProblemState.KNOWN_ERROR),
                FIX,
                ChangeState.COMPLETED,
                ended,
                null,
                ended.plus(Duration.ofHours(1)),
                QUIET)
            .orElseThrow();
    assertThat(first.fix().completedAt()).isEqualTo(ended);
    assertThat(first.message()).isNull();
    assertThat(first.problem().state()).isEqualTo(ProblemState.KNOWN_ERROR);
    assertThat(
            ProblemDecisions.verify(
                problem(ProblemState.KNOWN_ERROR),
                first.fix(),
                ChangeState.COMPLETED,
                ended,
                null,
                ended.plus(QUIET).minusSeconds(1),
                QUIET))
        .isEmpty();
    var later =
        ProblemDecisions.verify(
                problem(ProblemState.KNOWN_ERROR),
                first.fix(),
                ChangeState.COMPLETED,
                ended,
                null,
                ended.plus(QUIET),
                QUIET)
            .orElseThrow();
    assertThat(later.problem().state()).isEqualTo(ProblemState.RESOLVED);
    assertThat(later.message()).contains("CHG-9").contains("7d");
  }

  @Test
  void anIncidentRecurringAfterTheFix_restartsTheQuietPeriod() {
    ProblemFix done = FIX.completed(T0);
    Instant recurred = T0.plus(Duration.ofDays(5));
    assertThat(
            ProblemDecisions.verify(
                problem(ProblemState.OPEN),
                done,
                ChangeState.COMPLETED,
                T0,
                recurred,
                T0.plus(Duration.ofDays(8)),
                QUIET))
        .isEmpty();
    assertThat(ProblemDecisions.resolvesAt(done, recurred, QUIET)).isEqualTo(recurred.plus(QUIET));
  }

  @Test
  void aFailedFixChange_isDropped_andTheProblemStaysAKnownError() {
    var e =
        ProblemDecisions.verify(
                problem(ProblemState.KNOWN_ERROR),
                FIX,
                ChangeState.FAILED,
                T0.plusSeconds(60),
                null,
                T0.plus(Duration.ofDays(30)),
                QUIET)
            .orElseThrow();
    assertThat(e.fix()).isNull();
    assertThat(e.problem().state()).isEqualTo(ProblemState.KNOWN_ERROR);
    assertThat(e.message())
        .isEqualTo("Fix CHG-9 is failed; the problem stays known_error until another fix is named");
  }

  @Test
  void aResolvedOrClosedProblem_isLeftAlone() {
    assertThat(
            ProblemDecisions.verify(
                problem(ProblemState.RESOLVED),
                FIX.completed(T0),
                ChangeState.COMPLETED,
                T0,
                null,
                T0.plus(Duration.ofDays(30)),
                QUIET))
        .isEmpty();
  }
}
