package dev.burnrate.bridge.internal.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.bridge.BridgeSettings;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The {@code bridge.changes} section: every key, its defaults, and errors with file and line. */
class ChangePolicyTest {

  private static BridgeSettings parse(String yaml) {
    return BridgeSettings.parse(yaml, "burnrate.yaml");
  }

  @Test
  void defaults_approveEveryChangeAsRecorded() {
    ChangePolicy p = BridgeSettings.defaults().changePolicy();

    assertThat(p.approvalsRequired()).isEqualTo(1);
    assertThat(p.advisoryBoard()).isEmpty();
    assertThat(p.templates()).isEmpty();
    assertThat(p.blackouts()).isEmpty();
    assertThat(ChangeDecisions.approvalFor("normal", null, "web", p, java.util.List.of()).needed())
        .isFalse();
  }

  @Test
  void everyKey_parses() {
    BridgeSettings s =
        parse(
            """
            changes:
              correlationWindow: 90m
              approval:
                required: 2
                advisoryBoard: [anna, ben, cara]
              templates:
                db-index:
                  title: Add a database index
                  risk: low
                  rollbackPlan: drop the index
                  services: [payments]
              blackouts:
                - name: weekend
                  weekly: {from: "Fri 18:00", to: "Mon 06:00"}
                  zone: Europe/Berlin
                - name: year-end
                  kinds: [normal, standard]
                  services: [payments, checkout]
                  from: 2026-12-20
                  to: 2027-01-04T06:00
                  zone: UTC
            """);
    ChangePolicy p = s.changePolicy();

    assertThat(s.changeCorrelationWindow()).isEqualTo(Duration.ofMinutes(90));
    assertThat(p.approvalsRequired()).isEqualTo(2);
    assertThat(p.advisoryBoard()).containsExactly("anna", "ben", "cara");
    ChangePolicy.Template t = p.templates().get("db-index");
    assertThat(t.title()).isEqualTo("Add a database index");
    assertThat(t.rollbackPlan()).isEqualTo("drop the index");
    assertThat(t.services()).containsExactly("payments");
    Blackout weekend = p.blackouts().get(0);
    assertThat(weekend.kinds()).containsExactly("normal");
    assertThat(weekend.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(weekend.weekly())
        .isEqualTo(
            new Blackout.Weekly(
                DayOfWeek.FRIDAY, LocalTime.of(18, 0), DayOfWeek.MONDAY, LocalTime.of(6, 0)));
    assertThat(weekend.describe())
        .isEqualTo("no normal changes Fri 18:00 to Mon 06:00 Europe/Berlin");
    Blackout yearEnd = p.blackouts().get(1);
    assertThat(yearEnd.from()).isEqualTo(LocalDateTime.of(2026, 12, 20, 0, 0));
    assertThat(yearEnd.to()).isEqualTo(LocalDateTime.of(2027, 1, 4, 6, 0));
    assertThat(yearEnd.kinds()).containsExactlyInAnyOrder("normal", "standard");
  }

  @Test
  void theExampleInTheDocs_parses() throws Exception {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/itsm.md"));
    int section0 = doc.indexOf("## Change enablement");
    int start = doc.indexOf("```yaml\nbridge:\n", section0) + "```yaml\nbridge:\n".length();
    String section = doc.substring(start, doc.indexOf("```", start)).replaceAll("(?m)^  ", "");

    ChangePolicy p = parse(section).changePolicy();

    assertThat(p.approvalsRequired()).isEqualTo(2);
    assertThat(p.templates()).containsOnlyKeys("db-index");
    assertThat(p.blackouts())
        .extracting(Blackout::name)
        .containsExactly("weekend", "year-end freeze");
  }

  @Test
  void theCatalog_namesEachServicesApprovers_andRejectsARepeat() {
    dev.burnrate.bridge.ServiceCatalog c =
        dev.burnrate.bridge.ServiceCatalog.parse(
            "services:\n  payments: {approvers: [dba-anna, dba-ben]}\n  web: {}\n",
            "services.yaml");

    assertThat(c.approversOf("payments")).containsExactly("dba-anna", "dba-ben");
    assertThat(c.approversOf("web")).isEmpty();
    assertThatThrownBy(
            () ->
                dev.burnrate.bridge.ServiceCatalog.parse(
                    "services:\n  payments: {approvers: [anna, anna]}\n", "services.yaml"))
        .hasMessageStartingWith("services.yaml:2:")
        .hasMessageContaining("names approver 'anna' twice");
  }

  @Test
  void badKeys_nameTheFileLineAndKey() {
    assertThatThrownBy(() -> parse("changes:\n  approval: {required: 0}\n"))
        .hasMessageStartingWith("burnrate.yaml:2:")
        .hasMessageContaining("changes.approval.required")
        .hasMessageContaining("between 1 and 20");
    assertThatThrownBy(() -> parse("changes:\n  aproval: {}\n"))
        .hasMessageStartingWith("burnrate.yaml:2:3:")
        .hasMessageContaining("unknown key");
    assertThatThrownBy(
            () ->
                parse(
                    "changes:\n  blackouts:\n    - name: w\n      zone: Mars/Olympus\n"
                        + "      weekly: {from: Fri 18:00, to: Mon 06:00}\n"))
        .hasMessageStartingWith("burnrate.yaml:4:")
        .hasMessageContaining("unknown time zone 'Mars/Olympus'");
    assertThatThrownBy(
            () ->
                parse(
                    "changes:\n  blackouts:\n    - name: w\n      zone: UTC\n"
                        + "      weekly: {from: Friday at six, to: Mon 06:00}\n"))
        .hasMessageStartingWith("burnrate.yaml:5:")
        .hasMessageContaining("weekly.from")
        .hasMessageContaining("such as 'Fri 18:00'");
    assertThatThrownBy(
            () ->
                parse(
                    "changes:\n  blackouts:\n    - name: f\n      zone: UTC\n"
                        + "      from: 2026-12-20\n      to: 2026-12-19\n"))
        .hasMessageStartingWith("burnrate.yaml:6:")
        .hasMessageContaining("must end after it starts");
    assertThatThrownBy(() -> parse("changes:\n  blackouts:\n    - name: f\n      zone: UTC\n"))
        .hasMessageStartingWith("burnrate.yaml:3:")
        .hasMessageContaining("either 'weekly'");
    assertThatThrownBy(
            () ->
                parse(
                    "changes:\n  blackouts:\n    - name: f\n      kinds: [risky]\n      zone: UTC\n"
                        + "      weekly: {from: Fri 18:00, to: Mon 06:00}\n"))
        .hasMessageStartingWith("burnrate.yaml:4:")
        .hasMessageContaining("expected one of [emergency, normal, standard]");
    assertThatThrownBy(() -> parse("changes:\n  templates:\n    db-index: {risk: low}\n"))
        .hasMessageStartingWith("burnrate.yaml:3:")
        .hasMessageContaining("missing key 'title'");
    assertThatThrownBy(
            () -> parse("changes:\n  templates:\n    db-index: {title: x, risk: huge}\n"))
        .hasMessageStartingWith("burnrate.yaml:3:")
        .hasMessageContaining("templates.db-index.risk");
    assertThatThrownBy(() -> parse("changes:\n  approval: {advisoryBoard: [anna, anna]}\n"))
        .hasMessageStartingWith("burnrate.yaml:2:")
        .hasMessageContaining("names 'anna' twice");
  }
}
