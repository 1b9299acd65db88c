package dev.burnrate.slo.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetAdjustmentFilesTest {

  @Test
  void aBudgetAdjustment_loadsBesideTheSlos_withItsPeriodScopeReasonAndDecider() {
    SloLoadResult r =
        SloFiles.parse(
            "adjustments.yaml",
            """
            apiVersion: burnrate.dev/v1
            kind: BudgetAdjustment
            metadata: {name: db-migration}
            spec:
              service: checkout
              from: 2026-11-28T02:00:00Z
              duration: 2h
              reason: planned database migration
              decidedBy: ann
            ---
            apiVersion: burnrate.dev/v1
            kind: BudgetAdjustment
            metadata: {name: cdn-outage}
            spec:
              slo: checkout-availability
              from: "2026-11-29T10:15:00+01:00"
              until: "2026-11-29T10:45:30+01:00"
              reason: CDN provider outage, not ours
              decidedBy: bob
            """);

    assertThat(r.errors()).isEmpty();
    assertThat(r.adjustments())
        .containsExactly(
            new BudgetAdjustment(
                "db-migration",
                BudgetAdjustment.Scope.SERVICE,
                "checkout",
                Instant.parse("2026-11-28T02:00:00Z"),
                Instant.parse("2026-11-28T04:00:00Z"),
                "planned database migration",
                "ann"),
            new BudgetAdjustment(
                "cdn-outage",
                BudgetAdjustment.Scope.SLO,
                "checkout-availability",
                Instant.parse("2026-11-29T09:15:00Z"),
                Instant.parse("2026-11-29T09:45:30Z"),
                "CDN provider outage, not ours",
                "bob"));
    // 09:45:30 ends inside the minute 09:45, which is left out whole.
    assertThat(r.adjustments().get(1).endMinute())
        .isEqualTo(Instant.parse("2026-11-29T09:46:00Z").getEpochSecond() / 60);
  }

  @Test
  void aBudgetAdjustment_withoutScopeOrPeriodOrReason_reportsEveryErrorWithItsPlace() {
    SloLoadResult r =
        SloFiles.parse(
            "adjustments.yaml",
            """
            apiVersion: burnrate.dev/v1
            kind: BudgetAdjustment
            metadata: {name: Bad_Name}
            spec:
              slo: a
              service: b
              from: yesterday
              until: 2026-11-28T04:00:00Z
              duration: 1h
            """);

    assertThat(r.adjustments()).isEmpty();
    assertThat(r.errors())
        .extracting(Diagnostic::format)
        .anySatisfy(m -> assertThat(m).contains("metadata.name").contains("DNS label"))
        .anySatisfy(m -> assertThat(m).contains("exactly one of slo and service"))
        .anySatisfy(m -> assertThat(m).contains("spec.from").contains("RFC 3339"))
        .anySatisfy(m -> assertThat(m).contains("exactly one of until and duration"))
        .anySatisfy(m -> assertThat(m).contains("spec.reason").contains("is required"))
        .anySatisfy(m -> assertThat(m).contains("spec.decidedBy").contains("is required"));
    assertThat(r.errors()).allSatisfy(d -> assertThat(d.location().line()).isPositive());
  }

  @Test
  void twoAdjustmentsWithOneName_areAnError() {
    String doc =
        """
        apiVersion: burnrate.dev/v1
        kind: BudgetAdjustment
        metadata: {name: same}
        spec: {service: s, from: 2026-11-28T02:00:00Z, duration: 1h, reason: r, decidedBy: d}
        """;
    SloLoadResult r = SloFiles.parse("a.yaml", doc + "---\n" + doc);

    assertThat(r.errors()).singleElement().satisfies(d -> assertThat(d.format()).contains("same"));
  }
}
