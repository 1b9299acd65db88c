package dev.burnrate.bridge.internal.change;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.GatePolicy;
import dev.burnrate.bridge.ServiceGate;
import dev.burnrate.bridge.internal.change.GateRules.Verdict;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The change gate's policy as values in, a verdict out: no database. */
class GateRulesTest {
  private static final GatePolicy POLICY = new GatePolicy(0, true, true, Map.of());
  private static final ServiceGate GATE = POLICY.forService("checkout");

  private static SortedMap<String, OptionalDouble> budgets(double left) {
    return new TreeMap<>(Map.of("checkout-availability", OptionalDouble.of(left)));
  }

  private static Verdict decide(
      String kind, SortedMap<String, OptionalDouble> budgets, List<String> majors) {
    return GateRules.decide(
        "checkout", kind, POLICY, GATE, budgets, majors, List.of(), List.of(), List.of());
  }

  @Test
  void aSpentBudget_deniesANormalChange() {
    Verdict v = decide("normal", budgets(-0.05), List.of());

    assertThat(v.allowed()).isFalse();
    assertThat(v.reasons())
        .singleElement()
        .asString()
        .startsWith("budget freeze: SLO checkout-availability has -5.0%");
    assertThat(v.budgets().get("checkout-availability")).isEqualTo(-0.05);
  }

  @Test
  void aStandardChange_passesTheBudgetFreeze_butNotAMajorIncident() {
    assertThat(decide("standard", budgets(-0.05), List.of()).allowed()).isTrue();
    assertThat(decide("standard", budgets(0.5), List.of("INC-4")).allowed()).isFalse();
  }

  @Test
  void anEmergencyChange_isAllowed_andFlagged_sayingWhatItWouldOtherwiseBe() {
    Verdict v = decide("emergency", budgets(-0.05), List.of("INC-4"));

    assertThat(v.allowed()).isTrue();
    assertThat(v.flagged()).isTrue();
    assertThat(v.reasons())
        .anyMatch(r -> r.startsWith("would otherwise be denied: major-incident freeze: INC-4"));
  }

  @Test
  void aServiceNoSloCovers_isAllowed_andSaysSo() {
    Verdict v = decide("normal", new TreeMap<>(), List.of());

    assertThat(v.allowed()).isTrue();
    assertThat(v.reasons())
        .containsExactly("no SLO covers service checkout: no error-budget policy applies");
  }
}
