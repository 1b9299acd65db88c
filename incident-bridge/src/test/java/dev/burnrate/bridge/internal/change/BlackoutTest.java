package dev.burnrate.bridge.internal.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Blackout windows in their own time zone, across the weekend and a change of clocks. */
class BlackoutTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final Blackout WEEKEND =
      new Blackout(
          "weekend",
          Set.of("normal"),
          Set.of(),
          BERLIN,
          new Blackout.Weekly(
              DayOfWeek.FRIDAY, LocalTime.of(18, 0), DayOfWeek.MONDAY, LocalTime.of(6, 0)),
          null,
          null);

  @Test
  void weekly_wrapsOverTheWeekend_inItsTimeZone() {
    // December: Berlin is UTC+1, so Friday 18:00 is 17:00Z and Monday 06:00 is 05:00Z.
    assertThat(WEEKEND.covers(Instant.parse("2026-12-04T16:59:59Z"))).isFalse();
    assertThat(WEEKEND.covers(Instant.parse("2026-12-04T17:00:00Z"))).isTrue();
    assertThat(WEEKEND.covers(Instant.parse("2026-12-06T12:00:00Z"))).isTrue();
    assertThat(WEEKEND.covers(Instant.parse("2026-12-07T04:59:59Z"))).isTrue();
    assertThat(WEEKEND.covers(Instant.parse("2026-12-07T05:00:00Z"))).isFalse();
    assertThat(WEEKEND.covers(Instant.parse("2026-12-08T01:00:00Z"))).isFalse();
  }

  @Test
  void weekly_followsTheChangeOfClocks() {
    // 2027-03-28 Berlin moves to UTC+2: Friday 18:00 is 17:00Z, Monday 06:00 is 04:00Z.
    assertThat(WEEKEND.covers(Instant.parse("2027-03-26T17:00:00Z"))).isTrue();
    assertThat(WEEKEND.covers(Instant.parse("2027-03-29T03:59:00Z"))).isTrue();
    assertThat(WEEKEND.covers(Instant.parse("2027-03-29T04:00:00Z"))).isFalse();
  }

  @Test
  void overlap_findsTheFirstBlackedOutInstantOfASpan() {
    assertThat(
            WEEKEND.overlap(
                Instant.parse("2026-12-04T15:00:00Z"), Instant.parse("2026-12-04T19:00:00Z")))
        .contains(Instant.parse("2026-12-04T17:00:00Z"));
    assertThat(
            WEEKEND.overlap(
                Instant.parse("2026-12-08T00:00:00Z"), Instant.parse("2026-12-08T03:00:00Z")))
        .isEmpty();
    assertThat(
            WEEKEND.overlap(
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-10T00:00:00Z")))
        .contains(Instant.parse("2026-12-04T17:00:00Z"));
  }

  @Test
  void aDatedFreeze_coversItsDaysOnly_andOnlyItsKindsAndServices() {
    Blackout yearEnd =
        new Blackout(
            "year-end",
            Set.of("normal", "standard"),
            Set.of("payments"),
            ZoneId.of("UTC"),
            null,
            LocalDateTime.of(2026, 12, 20, 0, 0),
            LocalDateTime.of(2027, 1, 4, 0, 0));

    assertThat(yearEnd.covers(Instant.parse("2026-12-19T23:59:59Z"))).isFalse();
    assertThat(yearEnd.covers(Instant.parse("2026-12-20T00:00:00Z"))).isTrue();
    assertThat(yearEnd.covers(Instant.parse("2027-01-04T00:00:00Z"))).isFalse();
    assertThat(yearEnd.appliesTo("payments", "standard")).isTrue();
    assertThat(yearEnd.appliesTo("payments", "emergency")).isFalse();
    assertThat(yearEnd.appliesTo("web", "normal")).isFalse();
    assertThat(yearEnd.describe())
        .isEqualTo(
            "no normal/standard changes to payments 2026-12-20T00:00 to 2027-01-04T00:00 UTC");
  }
}
