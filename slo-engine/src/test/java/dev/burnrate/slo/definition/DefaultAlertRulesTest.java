package dev.burnrate.slo.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultAlertRulesTest {

  @Test
  void thirtyDayWindow_givesTheWorkbookTable() {
    List<AlertRule> rules = DefaultAlertRules.forPeriod(Duration.ofDays(30));

    assertThat(rules)
        .extracting(AlertRule::severity)
        .containsExactly(Severity.PAGE, Severity.PAGE, Severity.TICKET, Severity.TICKET);
    assertThat(rules)
        .extracting(AlertRule::longWindow)
        .containsExactly(
            Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3));
    assertThat(rules)
        .extracting(AlertRule::shortWindow)
        .containsExactly(
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(6));
    assertThat(rules.get(0).factor()).isCloseTo(14.4, within(1e-9));
    assertThat(rules.get(1).factor()).isCloseTo(6.0, within(1e-9));
    assertThat(rules.get(2).factor()).isCloseTo(3.0, within(1e-9));
    assertThat(rules.get(3).factor()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void sevenDayWindow_scalesFactorsByThePeriod() {
    List<AlertRule> rules = DefaultAlertRules.forPeriod(Duration.ofDays(7));

    assertThat(rules.get(0).factor()).isCloseTo(14.4 * 7 / 30, within(1e-9));
    assertThat(rules.get(3).factor()).isCloseTo(7.0 / 30, within(1e-9));
  }

  @Test
  void severityFilter_keepsOnlyThatSeverity() {
    assertThat(DefaultAlertRules.forPeriod(Duration.ofDays(30), Severity.TICKET))
        .extracting(AlertRule::name)
        .containsExactly("ticket-1d", "ticket-3d");
  }
}
