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
  void withers_changeOneSettingEach() {
    EngineSettings s =
        EngineSettings.defaults()
            .withNoDataAfter(Duration.ofMinutes(1))
            .withMinEventsToAlert(0)
            .withResolveAfterTicks(5)
            .withResolveAfter(Duration.ZERO)
            .withMinuteHistory(Duration.ofHours(12));

    assertThat(s)
        .isEqualTo(
            new EngineSettings(Duration.ofMinutes(1), 0, 5, Duration.ZERO, Duration.ofHours(12)));
  }

  @Test
  void badValues_areRejected_namingTheSetting() {
    EngineSettings d = EngineSettings.defaults();

    assertThatThrownBy(() -> d.withNoDataAfter(Duration.ZERO)).hasMessageContaining("noDataAfter");
    assertThatThrownBy(() -> d.withMinEventsToAlert(-1)).hasMessageContaining("minEventsToAlert");
    assertThatThrownBy(() -> d.withMinEventsToAlert(Double.NaN))
        .hasMessageContaining("minEventsToAlert");
    assertThatThrownBy(() -> d.withResolveAfterTicks(0)).hasMessageContaining("resolveAfterTicks");
    assertThatThrownBy(() -> d.withResolveAfter(Duration.ofSeconds(-1)))
        .hasMessageContaining("resolveAfter");
    assertThatThrownBy(() -> d.withMinuteHistory(Duration.ofMinutes(90)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minuteHistory");
    assertThatThrownBy(() -> d.withMinuteHistory(Duration.ofHours(25)))
        .hasMessageContaining("minuteHistory");
  }

  @Test
  void longerMinuteHistory_makesTheOneDayWindowExactToTheMinute() {
    TestClock clock = TestClock.at("2026-05-04T12:00:30Z");
    SloEngine engine =
        SloEngine.create(clock, EngineSettings.defaults().withMinuteHistory(Duration.ofHours(24)));
    engine.load(java.util.List.of(Slos.thirtyDays("a")));
    // 24h and one minute ago: outside an exact 1d window, inside an hour-rounded one.
    engine.record("a", clock.instant().minus(Duration.ofMinutes(24 * 60 + 1)), 0, 1);
    engine.record("a", clock.instant(), 1, 1);
    engine.evaluate();

    assertThat(engine.status("a").orElseThrow().burnRates().get("1d")).isZero();
  }
}
