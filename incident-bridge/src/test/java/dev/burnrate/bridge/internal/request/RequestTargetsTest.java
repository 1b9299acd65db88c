package dev.burnrate.bridge.internal.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.internal.request.RequestType.Approval;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestTargetsTest {
  static final Instant T0 = Instant.parse("2026-02-02T09:00:00Z");
  static final RequestType DESK =
      new RequestType(
          "desk",
          "",
          false,
          List.of(),
          new Approval(true, List.of()),
          new Fulfilment.Manual(),
          Optional.of(Duration.ofHours(4)),
          Duration.ofHours(1));
  static final FulfilmentOutcome DONE = FulfilmentOutcome.manual(true, null);

  static ServiceRequest submitted() {
    return ServiceRequest.submitted(DESK, Map.of(), "ann", T0);
  }

  @Test
  void anOpenRequest_breachesOnlyPastItsDueTime() {
    assertThat(RequestTargets.check(submitted(), T0.plus(Duration.ofHours(4)))).isEmpty();
    RequestTargets.Breach b =
        RequestTargets.check(submitted(), T0.plus(Duration.ofHours(4)).plusSeconds(1))
            .orElseThrow();
    assertThat(b.next().breachedAt()).isEqualTo(T0.plus(Duration.ofHours(4)).plusSeconds(1));
    assertThat(b.message())
        .isEqualTo("Breached the fulfilment target of 4h: still pending 14401s after submission");
    assertThat(b.details().target()).isEqualTo("fulfil");
  }

  @Test
  void aBreach_isRecordedOnce() {
    ServiceRequest once =
        RequestTargets.check(submitted(), T0.plus(Duration.ofHours(5))).orElseThrow().next();
    assertThat(RequestTargets.check(once, T0.plus(Duration.ofDays(2)))).isEmpty();
  }

  @Test
  void aRequestFinishedLate_breaches_evenWhenTheCheckComesAfter() {
    ServiceRequest late =
        submitted()
            .decide(DESK, true, "lead", T0.plusSeconds(60), null)
            .fulfilledByHand(DESK, true, "desk", DONE, T0.plus(Duration.ofHours(6)));
    assertThat(RequestTargets.check(late, T0.plus(Duration.ofDays(1))).orElseThrow().message())
        .isEqualTo("Breached the fulfilment target of 4h: fulfilled 6h after submission");
    ServiceRequest onTime =
        submitted()
            .decide(DESK, true, "lead", T0.plusSeconds(60), null)
            .fulfilledByHand(DESK, true, "desk", DONE, T0.plus(Duration.ofHours(3)));
    assertThat(RequestTargets.check(onTime, T0.plus(Duration.ofDays(1)))).isEmpty();
  }

  @Test
  void aRejectedRequest_orOneWithoutTarget_neverBreaches() {
    ServiceRequest rejected = submitted().decide(DESK, false, "lead", T0.plusSeconds(60), "no");
    assertThat(RequestTargets.check(rejected, T0.plus(Duration.ofDays(1)))).isEmpty();
    ServiceRequest builtIn =
        ServiceRequest.builtIn(
            "freeze_exception", "s", null, "r", "ann", T0, T0, T0.plusSeconds(9));
    assertThat(RequestTargets.check(builtIn, T0.plus(Duration.ofDays(1)))).isEmpty();
  }
}
