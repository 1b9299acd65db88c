package dev.burnrate.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.testsupport.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

  @Test
  void defaults_areTheDocumentedOnes() {
    EngineSettings d = EngineSettings.defaults();

    assertThat(d.noDataAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(d.minEventsToAlert()).isEqualTo(10);
    assertThat(d.resolveAfterTicks()).isEqualTo(2);
    assertThat(d.resolveAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.minuteHistory()).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void builder_changesOneSettingEach() {
    EngineSettings s =
        EngineSettings.builder()
            .noDataAfter(Duration.ofMinutes(1))
            .minEventsToAlert(0)
            .resolveAfterTicks(5)
            .resolveAfter(Duration.ZERO)
            .minuteHistory(Duration.ofHours(12))
            .build();

    assertThat(s)
        .isEqualTo(
            new EngineSettings(Duration.ofMinutes(1), 0, 5, Duration.ZERO, Duration.ofHours(12)));
  }

  @Test
  void badValues_areRejected_namingTheSetting() {
    EngineSettings d = EngineSettings.defaults();

    assertThatThrownBy(() -> d.toBuilder().noDataAfter(Duration.ZERO).build())
        .hasMessageContaining("noDataAfter");
    assertThatThrownBy(() -> d.toBuilder().minEventsToAlert(-1).build())
        .hasMessageContaining("minEventsToAlert");
    assertThatThrownBy(() -> d.toBuilder().minEventsToAlert(Double.NaN).build())
        .hasMessageContaining("minEventsToAlert");
    assertThatThrownBy(() -> d.toBuilder().resolveAfterTicks(0).build())
        .hasMessageContaining("resolveAfterTicks");
    assertThatThrownBy(() -> d.toBuilder().resolveAfter(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("resolveAfter");
    assertThatThrownBy(() -> d.toBuilder().minuteHistory(Duration.ofMinutes(90)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minuteHistory");
    assertThatThrownBy(() -> d.toBuilder().minuteHistory(Duration.ofHours(25)).build())
        .hasMessageContaining("minuteHistory");
  }

  @Test
  void longerMinuteHistory_makesTheOneDayWindowExactToTheMinute() {
    TestClock clock = TestClock.at("2026-05-04T12:00:30Z");
    SloEngine engine =
        SloEngine.create(
            clock, EngineSettings.builder().minuteHistory(Duration.ofHours(24)).build());
    engine.load(java.util.List.of(Slos.thirtyDays("a")));
    // 24h and one minute ago: outside an exact 1d window, inside an hour-rounded one.
    engine.record("a", clock.instant().minus(Duration.ofMinutes(24 * 60 + 1)), 0, 1);
    engine.record("a", clock.instant(), 1, 1);
    engine.evaluate();

    assertThat(engine.status("a").orElseThrow().burnRates().get("1d")).isZero();
  }
}
