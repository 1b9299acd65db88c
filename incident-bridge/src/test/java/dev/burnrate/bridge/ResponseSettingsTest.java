package dev.burnrate.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The assignment and response keys: defaults, parsing and errors with file:line:column. */
class ResponseSettingsTest {
  @Test
  void defaults_areTheDocumentedTargets() {
    ResponseSettings d = BridgeSettings.defaults().response();
    assertThat(d.targetsOf(1, null).acknowledge()).isEqualTo(Duration.ofMinutes(15));
    assertThat(d.targetsOf(2, null).resolve()).isEqualTo(Duration.ofHours(8));
    assertThat(d.targetsOf(3, 1).acknowledge()).isEqualTo(Duration.ofHours(4));
    assertThat(d.targetsOf(4, null).resolve()).isEqualTo(Duration.ofDays(10));
    assertThat(d.onBreach()).isEqualTo(ResponseSettings.OnBreach.PRIORITY);
    assertThat(BridgeSettings.defaults().problems().fixQuietPeriod()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void everyKey_parses() {
    BridgeSettings s =
        BridgeSettings.parse(
            """
            assignment:
              overrides:
                - service: payments
                  priority: P1
                  group: payments-oncall
            response:
              targets:
                P1: {acknowledge: 10m, resolve: 2h}
                P3: {resolve: 5d}
              tiers:
                "2": {P2: {acknowledge: 1h, resolve: 1d}}
              onBreach: notify
              reportWindow: 14d
            problems:
              fixQuietPeriod: 3d
            """,
            "burnrate.yaml");
    ResponseSettings r = s.response();
    assertThat(r.targetsOf(1, null).acknowledge()).isEqualTo(Duration.ofMinutes(10));
    assertThat(r.targetsOf(3, null))
        .isEqualTo(new ResponseSettings.Targets(Duration.ofHours(4), Duration.ofDays(5)));
    assertThat(r.targetsOf(2, 2).acknowledge()).isEqualTo(Duration.ofHours(1));
    assertThat(r.targetsOf(2, 1).acknowledge()).isEqualTo(Duration.ofMinutes(30));
    assertThat(r.onBreach()).isEqualTo(ResponseSettings.OnBreach.NOTIFY);
    assertThat(r.reportWindow()).isEqualTo(Duration.ofDays(14));
    assertThat(r.assignments()).hasSize(1);
    assertThat(s.problems().fixQuietPeriod()).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void badValues_areErrors_withFileLineAndKey() {
    assertThatThrownBy(
            () -> BridgeSettings.parse("response:\n  targets:\n    P5: {resolve: 1h}\n", "b.yaml"))
        .hasMessageStartingWith("b.yaml:3:9: response.targets.P5: expected a priority P1 to P4");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "response:\n  targets:\n    P1: {acknowledge: soon}\n", "b.yaml"))
        .hasMessageStartingWith("b.yaml:3:23: response.targets.P1.acknowledge:");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "response:\n  targets:\n    P1: {acknowledge: 5h, resolve: 1h}\n", "b.yaml"))
        .hasMessageContaining("b.yaml:3:9")
        .hasMessageContaining("must not be shorter than acknowledge");
    assertThatThrownBy(() -> BridgeSettings.parse("response:\n  onBreach: page\n", "b.yaml"))
        .hasMessageStartingWith("b.yaml:2:13: response.onBreach: expected priority or notify");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "assignment:\n  overrides:\n    - {service: payments}\n", "b.yaml"))
        .hasMessageStartingWith("b.yaml:3:7:")
        .hasMessageContaining("needs a group or an assignee");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "assignment:\n  overrides:\n    - {service: a, group: b, priority: urgent}\n",
                    "b.yaml"))
        .hasMessageContaining("b.yaml:3:40")
        .hasMessageContaining("expected P1 to P4");
    assertThatThrownBy(() -> BridgeSettings.parse("response:\n  tiers:\n    \"7\": {}\n", "b.yaml"))
        .hasMessageStartingWith("b.yaml:3:10: response.tiers.7: expected a tier 1 to 4");
    assertThatThrownBy(() -> BridgeSettings.parse("problems:\n  fixQuietPeriod: 0s\n", "b.yaml"))
        .hasMessageStartingWith("b.yaml:2:19: problems.fixQuietPeriod:");
  }
}
