package dev.burnrate.bridge.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.PriorityRules;
import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.DefaultAlertRules;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.yaml.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertSignalTest {
  private final PriorityRules rules = PriorityRules.defaults();

  @Test
  void defaultRules_mapToP1P2P3P4_forEveryWindowLength() {
    for (Duration period : List.of(Duration.ofDays(7), Duration.ofDays(28), Duration.ofDays(30))) {
      List<AlertRule> r = DefaultAlertRules.forPeriod(period);
      assertThat(r)
          .extracting(a -> AlertSignal.priority(a.severity(), a.longWindow(), a.factor(), rules))
          .as("period %s", period)
          .containsExactly(1, 2, 3, 4);
    }
  }

  @Test
  void pageWithFastBurnFactor_isP1_evenOverALongWindow() {
    assertThat(AlertSignal.priority(Severity.PAGE, Duration.ofHours(6), 14.4, rules)).isEqualTo(1);
    assertThat(AlertSignal.priority(Severity.PAGE, Duration.ofHours(6), 6, rules)).isEqualTo(2);
  }

  @Test
  void webhookSeverityLabels_mapToPriorities() {
    assertThat(AlertWebhooks.level(Map.of("severity", "critical")))
        .isEqualTo(new AlertWebhooks.Level("page", 1));
    assertThat(AlertWebhooks.level(Map.of("severity", "page")))
        .isEqualTo(new AlertWebhooks.Level("page", 2));
    assertThat(AlertWebhooks.level(Map.of("severity", "warning")))
        .isEqualTo(new AlertWebhooks.Level("ticket", 3));
    assertThat(AlertWebhooks.level(Map.of("severity", "ticket")))
        .isEqualTo(new AlertWebhooks.Level("ticket", 3));
    assertThat(AlertWebhooks.level(Map.of("severity", "info")))
        .isEqualTo(new AlertWebhooks.Level("ticket", 4));
    assertThat(AlertWebhooks.level(Map.of())).isEqualTo(new AlertWebhooks.Level("ticket", 3));
    assertThat(AlertWebhooks.level(Map.of("severity", "critical", "priority", "P2")))
        .isEqualTo(new AlertWebhooks.Level("page", 2));
  }

  @Test
  void durations_parseEveryUnitAndCombinations() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
  }
}
