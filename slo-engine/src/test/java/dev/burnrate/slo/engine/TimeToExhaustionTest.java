package dev.burnrate.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Time to exhaustion of a full 30-day budget at the workbook's burn rates. */
class TimeToExhaustionTest {
  private static final long THIRTY_DAYS = Duration.ofDays(30).toSeconds();

  @Test
  void oneTimesBurn_lastsThirtyDays() {
    assertThat(SloStatusReport.timeToExhaustion(1, 1, THIRTY_DAYS)).contains(Duration.ofDays(30));
  }

  @Test
  void twoTimesBurn_lastsFifteenDays() {
    assertThat(SloStatusReport.timeToExhaustion(1, 2, THIRTY_DAYS)).contains(Duration.ofDays(15));
  }

  @Test
  void tenTimesBurn_lastsThreeDays() {
    assertThat(SloStatusReport.timeToExhaustion(1, 10, THIRTY_DAYS)).contains(Duration.ofDays(3));
  }

  @Test
  void thousandTimesBurn_lastsFortyThreePointTwoMinutes() {
    assertThat(SloStatusReport.timeToExhaustion(1, 1000, THIRTY_DAYS))
        .contains(Duration.ofMinutes(43).plusSeconds(12));
  }

  @Test
  void halfTheBudgetLeft_atTwoTimes_lastsSevenAndAHalfDays() {
    assertThat(SloStatusReport.timeToExhaustion(0.5, 2, THIRTY_DAYS))
        .contains(Duration.ofDays(7).plusHours(12));
  }

  @Test
  void noBurn_neverExhausts() {
    assertThat(SloStatusReport.timeToExhaustion(1, 0, THIRTY_DAYS)).isEmpty();
  }
}
