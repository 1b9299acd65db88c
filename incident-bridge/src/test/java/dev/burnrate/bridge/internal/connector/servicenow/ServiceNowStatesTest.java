package dev.burnrate.bridge.internal.connector.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServiceNowStatesTest {

  @Test
  void aNormalChange_walksEveryStateInOrder() {
    assertThat(ServiceNowStates.walk("normal", "-5", "-1")).containsExactly("-4", "-3", "-2", "-1");
    assertThat(ServiceNowStates.walk("normal", "-2", "3")).containsExactly("-1", "0", "3");
  }

  @Test
  void anEmergencyChange_skipsAssess_andAStandardOne_skipsAssessAndAuthorize() {
    assertThat(ServiceNowStates.walk("emergency", "-5", "-2")).containsExactly("-3", "-2");
    assertThat(ServiceNowStates.walk("standard", "-5", "-1")).containsExactly("-2", "-1");
  }

  @Test
  void aChangeAlreadyThereOrPast_isNotMovedBack_andCancelIsOneStep() {
    assertThat(ServiceNowStates.walk("normal", "-1", "-2")).isEmpty();
    assertThat(ServiceNowStates.walk("normal", "-1", "-1")).isEmpty();
    assertThat(ServiceNowStates.walk("normal", "3", "4")).isEmpty();
    assertThat(ServiceNowStates.walk("normal", "-3", "4")).containsExactly("4");
  }

  @Test
  void problemStates_defaultToTodaysValues_andTakeAnInstancesOwn() {
    assertThat(ServiceNowStates.problemStates(null))
        .containsEntry("open", "101")
        .containsEntry("known_error", "101")
        .containsEntry("resolved", "106")
        .containsEntry("closed", "107");
    assertThat(ServiceNowStates.problemStates("known_error=102, resolved = 106"))
        .containsEntry("open", "101")
        .containsEntry("known_error", "102");
  }

  @Test
  void aProblemStatesEntry_thatIsNotOne_isNamed() {
    assertThatThrownBy(() -> ServiceNowStates.problemStates("open=101, fixed=106"))
        .hasMessageContaining("unknown problem state 'fixed'");
    assertThatThrownBy(() -> ServiceNowStates.problemStates("open=new"))
        .hasMessageContaining("the value of 'open' must be a number, got 'new'");
  }

  @Test
  void holdReason_defaultsToAwaitingVendor_andTakesTheDocumentedReasons() {
    assertThat(ServiceNowStates.holdReason(null)).isEqualTo("4");
    assertThat(ServiceNowStates.holdReason("awaiting_caller")).isEqualTo("1");
    assertThat(ServiceNowStates.holdReason("awaiting_change")).isEqualTo("5");
    assertThat(ServiceNowStates.holdReason("awaiting_problem")).isEqualTo("3");
    assertThat(ServiceNowStates.holdReason("awaiting_vendor")).isEqualTo("4");
    assertThatThrownBy(() -> ServiceNowStates.holdReason("awaiting_godot"))
        .hasMessageStartingWith("holdReason: unknown On hold reason 'awaiting_godot'");
  }
}
