package dev.burnrate.slo.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SloFileErrorsTest {

  /** A valid OpenSLO SLO; tests change one thing in it. Line numbers are noted on the right. */
  private static final String VALID =
      """
      apiVersion: openslo/v1
      kind: SLO
      metadata:
        name: checkout-availability
      spec:
        service: checkout
        indicator:
          metadata:
            name: checkout-errors
          spec:
            ratioMetric:
              counter: false
              bad:
                metricSource:
                  type: Prometheus
                  spec:
                    query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
              total:
                metricSource:
                  type: Prometheus
                  spec:
                    query: sum(rate(http_requests_total[{{.window}}]))
        timeWindow:
          - duration: 30d
            isRolling: true
        budgetingMethod: Occurrences
        objectives:
          - target: 0.999
      """;

  private static List<String> errors(String yaml) {
    SloLoadResult r = SloFiles.parse("slo.yaml", yaml);
    return r.errors().stream().map(Diagnostic::format).toList();
  }

  private static String replace(String from, String to) {
    assertThat(VALID).contains(from);
    return VALID.replace(from, to);
  }

  @Test
  void aBadName_doesNotHideTheObjectsOtherErrors() {
    String yaml =
        replace("name: checkout-availability", "name: Checkout_Availability")
            .replace("target: 0.999", "target: 1.5");

    SloLoadResult r = SloFiles.parse("slo.yaml", yaml);

    assertThat(r.slos()).isEmpty();
    assertThat(r.errors())
        .extracting(Diagnostic::field)
        .containsExactly("metadata.name", "spec.objectives[0].target");
  }

  @Test
  void slothInterval_isNotASlothField_andWarnedAsUnknown() {
    SloLoadResult r =
        SloFiles.parse(
            "slo.yaml",
            """
            version: prometheus/v1
            service: checkout
            slos:
              - name: availability
                objective: 99.9
                interval: 30s
                sli:
                  events:
                    error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
                    total_query: sum(rate(http_requests_total[{{.window}}]))
            """);

    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings())
        .extracting(Diagnostic::format)
        .singleElement()
        .asString()
        .startsWith("slo.yaml:6:15: warning: slos[0].interval: unknown field, ignored");
  }

  @Test
  void slothQueries_withoutTheWindowVariable_areRejected_asSlothDoes() {
    assertThat(
            errors(
                """
                version: prometheus/v1
                service: checkout
                slos:
                  - name: availability
                    objective: 99.9
                    sli:
                      events:
                        error_query: sum(rate(http_requests_total{code=~"5.."}[5m]))
                        total_query: sum(rate(http_requests_total[{{.window}}]))
                """))
        .singleElement()
        .asString()
        .startsWith(
            "slo.yaml:8:22: slos[0].sli.events.error_query: must contain the {{.window}}"
                + " variable");
  }

  @Test
  void theBaseFile_isValid() {
    SloLoadResult r = SloFiles.parse("slo.yaml", VALID);

    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.slos()).extracting(SloSpec::name).containsExactly("checkout-availability");
  }

  @Test
  void badName_pointsAtTheName_andSaysWhatIsAllowed() {
    assertThat(errors(replace("name: checkout-availability", "name: Checkout_Availability")))
        .containsExactly(
            "slo.yaml:4:9: metadata.name: must be a DNS label as OpenSLO requires: at most 63"
                + " lowercase letters, digits or '-', starting and ending with a letter or digit,"
                + " got \"Checkout_Availability\"");
  }

  @Test
  void missingRequiredField_pointsAtItsParent() {
    assertThat(errors(replace("  service: checkout\n", "")))
        .containsExactly("slo.yaml:5:1: spec.service: is required: the name of the service");
  }

  @Test
  void indicatorAndIndicatorRef_areMutuallyExclusive() {
    assertThat(errors(replace("  timeWindow:", "  indicatorRef: checkout-errors\n  timeWindow:")))
        .containsExactly(
            "slo.yaml:23:17: spec.indicatorRef: indicator and indicatorRef are mutually exclusive;"
                + " give one");
  }

  @Test
  void targetAndTargetPercent_areMutuallyExclusive() {
    assertThat(errors(replace("- target: 0.999", "- target: 0.999\n      targetPercent: 99.9")))
        .containsExactly(
            "slo.yaml:29:22: spec.objectives[0].targetPercent: target and targetPercent are"
                + " mutually exclusive; give one");
  }

  @Test
  void goodAndBad_areMutuallyExclusive() {
    String goodToo =
        replace(
            "        bad:\n",
            """
                    good:
                      metricSource:
                        type: Prometheus
                        spec:
                          query: sum(rate(http_requests_total{code!~"5.."}[{{.window}}]))
                    bad:
            """);

    assertThat(errors(goodToo))
        .containsExactly(
            "slo.yaml:18:9: spec.indicator.spec.ratioMetric.bad: good and bad are mutually"
                + " exclusive; give one, with total");
  }

  @Test
  void targetOutOfRange_saysTheRange_andSuggestsTargetPercent() {
    assertThat(errors(replace("target: 0.999", "target: 99.9")))
        .containsExactly(
            "slo.yaml:28:15: spec.objectives[0].target: must be between 0 and 1 exclusive, such"
                + " as 0.999, got 99.9; for percentages use targetPercent");
  }

  @Test
  void targetPercentOutOfRange_saysTheRange() {
    assertThat(errors(replace("target: 0.999", "targetPercent: 100")))
        .containsExactly(
            "slo.yaml:28:22: spec.objectives[0].targetPercent: must be between 0 and 100"
                + " exclusive, such as 99.9, got 100");
  }

  @Test
  void badDuration_listsTheUnits() {
    assertThat(errors(replace("duration: 30d", "duration: 30 days")))
        .containsExactly(
            "slo.yaml:24:17: spec.timeWindow[0].duration: must be a positive duration (the window"
                + " length, such as 28d or 1M) such as 5m, 1h, 28d, 1w or 1M: a whole number and"
                + " one unit, m minutes, h hours, d days, w weeks, M months, Q quarters, Y years;"
                + " got \"30 days\"");
  }

  @Test
  void hugeDuration_isRejected_notOverflowed() {
    assertThat(errors(replace("duration: 30d", "duration: 999999999Y")))
        .containsExactly(
            "slo.yaml:24:17: spec.timeWindow[0].duration: is longer than Burnrate supports: at"
                + " most 10 years (10Y), got 999999999Y");
  }

  @Test
  void timeSliceLongerThanTheWindow_isRejected() {
    String yaml =
        replace("Occurrences", "Timeslices")
            .replace(
                "- target: 0.999",
                "- target: 0.999\n      timeSliceTarget: 0.9\n      timeSliceWindow: 31d");

    assertThat(errors(yaml))
        .containsExactly(
            "slo.yaml:30:24: spec.objectives[0].timeSliceWindow: a time slice of 31d is longer"
                + " than the SLO's window of 30d");
  }

  @Test
  void calendarWindowInMinutes_isRejected() {
    String yaml =
        replace(
            "    - duration: 30d\n      isRolling: true\n",
            "    - duration: 30m\n      calendar:\n        startTime: 2024-01-01 00:00:00\n");

    assertThat(errors(yaml))
        .containsExactly(
            "slo.yaml:24:17: spec.timeWindow[0].duration: a calendar window is counted in days"
                + " (d), weeks (w), months (M), quarters (Q) or years (Y), got 30m (m is minutes; a month is M, such as 1M)");
  }

  @Test
  void unknownTimeZone_namesTheZone() {
    String yaml =
        replace(
            "    - duration: 30d\n      isRolling: true\n",
            "    - duration: 1M\n      calendar:\n        startTime: 2024-01-01 00:00:00\n"
                + "        timeZone: Mars/Olympus\n");

    assertThat(errors(yaml))
        .containsExactly(
            "slo.yaml:27:19: spec.timeWindow[0].calendar.timeZone: unknown time zone"
                + " Mars/Olympus; use an IANA name such as Europe/Berlin or UTC");
  }

  @Test
  void rollingAndCalendar_areMutuallyExclusive() {
    String yaml =
        replace(
            "      isRolling: true\n",
            "      isRolling: true\n      calendar:\n        startTime: 2024-01-01\n");

    assertThat(errors(yaml))
        .containsExactly(
            "slo.yaml:26:7: spec.timeWindow[0].calendar: isRolling: true and calendar are mutually"
                + " exclusive; give one");
  }

  @Test
  void unknownBudgetingMethod_listsTheMethods() {
    assertThat(errors(replace("Occurrences", "Occurrence")))
        .containsExactly(
            "slo.yaml:26:20: spec.budgetingMethod: must be Occurrences, Timeslices or"
                + " RatioTimeslices, got Occurrence");
  }

  @Test
  void timeslices_needSliceTargetAndWindow() {
    assertThat(errors(replace("Occurrences", "Timeslices")))
        .containsExactly(
            "slo.yaml:28:7: spec.objectives[0].timeSliceTarget: is required: the ratio a slice"
                + " must reach to be good, required with Timeslices",
            "slo.yaml:28:7: spec.objectives[0].timeSliceWindow: is required: the length of a"
                + " slice, such as 1m, required with Timeslices");
  }

  @Test
  void unknownIndicatorRef_saysWhatIsDefined() {
    String yaml =
        VALID.substring(0, VALID.indexOf("  indicator:"))
            + "  indicatorRef: checkout-errors\n"
            + VALID.substring(VALID.indexOf("  timeWindow:"));

    assertThat(errors(yaml))
        .containsExactly(
            "slo.yaml:7:17: spec.indicatorRef: no SLI named checkout-errors in the loaded files;"
                + " none is defined");
  }

  @Test
  void missingIndicator_isReportedOnce_forAllObjectives() {
    String yaml =
        VALID.substring(0, VALID.indexOf("  indicator:"))
            + VALID.substring(VALID.indexOf("  timeWindow:"))
            + "    - target: 0.99\n";

    assertThat(errors(yaml))
        .containsExactly(
            "slo.yaml:5:1: spec.indicator: is required: an indicator or an indicatorRef (on the"
                + " SLO or the objective)");
  }

  @Test
  void missingTimeWindow_isAWarning_andTakesThirtyDaysRolling() {
    SloLoadResult r =
        SloFiles.parse(
            "slo.yaml", replace("  timeWindow:\n    - duration: 30d\n      isRolling: true\n", ""));

    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings())
        .extracting(Diagnostic::format)
        .containsExactly(
            "slo.yaml:5:1: warning: spec.timeWindow: no timeWindow; the SLO uses a 30d rolling"
                + " window");
    assertThat(r.slos().get(0).window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(30)));
  }

  @Test
  void numericSliceWindow_isWholeMinutes() {
    String yaml =
        replace("Occurrences", "Timeslices")
            .replace(
                "- target: 0.999",
                "- target: 0.999\n      timeSliceTarget: 0.9\n      timeSliceWindow: 0.5");

    assertThat(errors(yaml))
        .containsExactly(
            "slo.yaml:30:24: spec.objectives[0].timeSliceWindow: a number here is whole minutes,"
                + " at least 1 (OpenSLO's default unit), got 0.5");
  }

  @Test
  void thresholdMetric_allowsOneObjective() {
    String yaml =
        VALID.substring(0, VALID.indexOf("      ratioMetric:"))
            + """
                  thresholdMetric:
                    metricSource:
                      type: Prometheus
                      spec:
                        query: max(process_resident_memory_bytes)
            """
            + VALID
                .substring(VALID.indexOf("  timeWindow:"))
                .replace("- target: 0.999", "- target: 0.999\n      op: lt\n      value: 1e9")
            + "    - target: 0.99\n      op: lt\n      value: 2e9\n";

    assertThat(errors(yaml))
        .containsExactly(
            "slo.yaml:20:3: spec.objectives: an SLO with a thresholdMetric has exactly one"
                + " objective, as OpenSLO requires; got 2");
  }

  @Test
  void unknownAlertPolicyRef_isAnError() {
    assertThat(errors(VALID + "  alertPolicies:\n    - alertPolicyRef: fast-burn\n"))
        .containsExactly(
            "slo.yaml:30:23: spec.alertPolicies[0].alertPolicyRef: no AlertPolicy named fast-burn"
                + " in the loaded files; none is defined");
  }

  @Test
  void badAlertCondition_namesTheField() {
    String yaml =
        VALID
            + """
              alertPolicies:
                - kind: AlertPolicy
                  metadata:
                    name: burn
                  spec:
                    conditions:
                      - kind: AlertCondition
                        metadata:
                          name: fast
                        spec:
                          severity: page
                          condition:
                            kind: burnrate
                            op: above
                            threshold: 2
                            lookbackWindow: 1h
            """;

    assertThat(errors(yaml))
        .containsExactly(
            "slo.yaml:42:21: spec.alertPolicies[0].spec.conditions[0].spec.condition.op: must be"
                + " one of gt, gte, lt, lte, got above");
  }

  @Test
  void invalidPromQl_onOneLine_pointsAtTheColumnInTheQuery() {
    assertThat(errors(replace("code=~\"5..\"", "code=~bad")))
        .containsExactly(
            "slo.yaml:17:57: spec.indicator.spec.ratioMetric.bad.metricSource.spec.query: invalid"
                + " PromQL: expected a quoted label value but found 'bad'");
  }

  @Test
  void invalidPromQl_inADoubleQuotedScalar_skipsTheQuote() {
    String yaml =
        replace(
            "query: sum(rate(http_requests_total[{{.window}}]))",
            "query: \"sum(rate(x{a=b}[5m]))\"");

    assertThat(errors(yaml))
        .containsExactly(
            "slo.yaml:22:36: spec.indicator.spec.ratioMetric.total.metricSource.spec.query:"
                + " invalid PromQL: expected a quoted label value but found 'b'");
  }

  @Test
  void invalidPromQl_inABlockScalar_pointsAtTheLineAndColumnInTheBlock() {
    String yaml =
        replace(
            "query: sum(rate(http_requests_total{code=~\"5..\"}[{{.window}}]))\n",
            "query: |\n"
                + "                sum(rate(http_requests_total{code=~\"5..\"}[{{.window}}]))\n"
                + "                - sum(rate(foo{bar=\"1\"[5m]))\n");

    assertThat(errors(yaml))
        .containsExactly(
            "slo.yaml:19:39: spec.indicator.spec.ratioMetric.bad.metricSource.spec.query: invalid"
                + " PromQL: expected ',' or '}' in a selector but found '['");
  }

  @Test
  void invalidPromQl_inAFoldedBlockScalar_pointsAtTheLineAndColumnInTheBlock() {
    String yaml =
        replace(
            "query: sum(rate(http_requests_total[{{.window}}]))\n",
            "query: >-\n"
                + "                sum(rate(http_requests_total[{{.window}}]))\n"
                + "                - sum(rate(http_requests_total{code=\"304\"}[{{.window}]))\n");

    assertThat(errors(yaml))
        .containsExactly(
            "slo.yaml:24:60: spec.indicator.spec.ratioMetric.total.metricSource.spec.query:"
                + " invalid PromQL: unknown template placeholder; the only placeholder is"
                + " {{.window}}");
  }

  @Test
  void unknownField_isAWarning_listingTheKnownFields() {
    SloLoadResult r =
        SloFiles.parse(
            "slo.yaml", replace("  service: checkout", "  service: checkout\n  owner: me"));

    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings())
        .extracting(Diagnostic::format)
        .containsExactly(
            "slo.yaml:7:10: warning: spec.owner: unknown field, ignored; the fields allowed here"
                + " are alertPolicies, budgetingMethod, description, indicator, indicatorRef,"
                + " objectives, service, timeWindow");
  }

  @Test
  void duplicateKey_isAnError_atTheSecondKey() {
    assertThat(errors(replace("  service: checkout", "  service: checkout\n  service: cart")))
        .containsExactly("slo.yaml:7:3: spec.service: duplicate key; each field may appear once");
  }

  @Test
  void unknownDocument_saysWhichFormatsAreRead() {
    assertThat(errors("foo: bar\n"))
        .containsExactly(
            "slo.yaml:1:1: unknown document: no apiVersion or version; "
                + "Burnrate reads OpenSLO (apiVersion: openslo/v1 or openslo/v1alpha), Sloth (version:"
                + " prometheus/v1, or apiVersion: sloth.slok.dev/v1 kind: PrometheusServiceLevel)"
                + " and Pyrra (apiVersion: pyrra.dev/v1alpha1 kind: ServiceLevelObjective)");
  }

  @Test
  void otherOpenSloVersion_isRejected() {
    assertThat(errors(replace("openslo/v1", "openslo/v2alpha")))
        .containsExactly(
            "slo.yaml:1:13: apiVersion: unsupported apiVersion openslo/v2alpha (OpenSLO v2alpha,"
                + " a draft); "
                + "Burnrate reads OpenSLO (apiVersion: openslo/v1 or openslo/v1alpha), Sloth (version:"
                + " prometheus/v1, or apiVersion: sloth.slok.dev/v1 kind: PrometheusServiceLevel)"
                + " and Pyrra (apiVersion: pyrra.dev/v1alpha1 kind: ServiceLevelObjective)");
  }

  @Test
  void unknownKind_listsTheKinds() {
    assertThat(errors(replace("kind: SLO", "kind: Slo")))
        .containsExactly(
            "slo.yaml:2:7: kind: unknown kind Slo; OpenSLO v1 kinds are SLO, SLI, Service,"
                + " DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget");
  }

  @Test
  void yamlSyntaxError_hasItsLineAndColumn() {
    assertThat(errors("apiVersion: openslo/v1\nkind: \"SLO\nmetadata:\n"))
        .singleElement()
        .asString()
        .startsWith("slo.yaml:4:1: invalid YAML: found unexpected end of stream");
  }

  @Test
  void slothErrors_nameTheFieldAndTheAllowedValues() {
    String sloth =
        """
        version: "prometheus/v1"
        service: "myservice"
        slos:
          - name: "requests-availability"
            objective: 100
            sli:
              events:
                error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
          - name: "both"
            objective: 99
            sli:
              events:
                error_query: sum(rate(a[{{.window}}]))
                total_query: sum(rate(b[{{.window}}]))
              raw:
                error_ratio_query: sum(rate(a[{{.window}}])) / sum(rate(b[{{.window}}]))
        """;

    assertThat(errors(sloth))
        .containsExactly(
            "slo.yaml:5:16: slos[0].objective: must be a percentage above 0 and below 100 (100"
                + " leaves no error budget), such as 99.9, got 100.0",
            "slo.yaml:7:7: slos[0].sli.events.total_query: is required: the PromQL query that"
                + " counts all events",
            "slo.yaml:11:5: slos[1].sli: events, raw and plugin are mutually exclusive, got events"
                + " and raw");
  }

  @Test
  void duplicateSloNames_acrossFiles_areErrors(@TempDir Path dir) throws IOException {
    Path a = Files.writeString(dir.resolve("a.yaml"), VALID);
    Path b = Files.writeString(dir.resolve("b.yaml"), VALID);

    SloLoadResult r = SloFiles.load(List.of(dir));

    assertThat(r.slos()).hasSize(1);
    assertThat(r.errors())
        .extracting(Diagnostic::format)
        .containsExactly(
            b
                + ":1:1: the SLO name checkout-availability is already used at "
                + a
                + ":1:1; SLO names must be unique across all loaded files");
  }

  @Test
  void sloNamesOfSlothAndOpenSlo_share_oneNamespace(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.yaml"), VALID);
    Path b =
        Files.writeString(
            dir.resolve("b.yml"),
            """
            version: prometheus/v1
            service: checkout
            slos:
              - name: availability
                objective: 99.9
                sli:
                  events:
                    error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
                    total_query: sum(rate(http_requests_total[{{.window}}]))
            """);

    SloLoadResult r = SloFiles.load(List.of(dir));

    assertThat(r.errors())
        .extracting(Diagnostic::format)
        .singleElement()
        .asString()
        .startsWith(b + ":4:5: the SLO name checkout-availability is already used at ");
  }

  @Test
  void missingFile_isAnError() {
    SloLoadResult r = SloFiles.load(List.of(Path.of("no/such/file.yaml")));

    assertThat(r.errors())
        .extracting(Diagnostic::format)
        .containsExactly("no/such/file.yaml:1:1: no such file or directory");
  }

  @Test
  void fileOverFourMebibytes_isRejected(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.yaml");
    Files.write(big, new byte[4 * 1024 * 1024 + 1]);

    assertThat(SloFiles.load(List.of(big)).errors())
        .extracting(Diagnostic::format)
        .containsExactly(
            big
                + ":1:1: the file is 4194305 bytes; SLO files may be at most 4 MiB (4194304 bytes)");
  }

  @Test
  void textOverFourMebibytes_isRejected_countingUtf8Bytes() {
    String text = "# " + "\u00e9".repeat(2 * 1024 * 1024) + "\n";

    assertThat(SloFiles.parse("upload.yaml", text).errors())
        .extracting(Diagnostic::format)
        .containsExactly(
            "upload.yaml:1:1: the file is 4194307 bytes; SLO files may be at most 4 MiB (4194304"
                + " bytes)");
  }

  @Test
  void notUtf8_isRejected(@TempDir Path dir) throws IOException {
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, "service: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThat(SloFiles.load(List.of(latin1)).errors())
        .extracting(Diagnostic::format)
        .containsExactly(latin1 + ":1:1: the file is not UTF-8 text");
  }

  @Test
  void aliasBomb_isRejected() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 20; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }

    assertThat(errors(yaml.toString()))
        .singleElement()
        .asString()
        .startsWith("slo.yaml:13:18:")
        .endsWith(
            ": too many YAML aliases; at most 100 are allowed in one file (this limit stops"
                + " alias bombs)");
  }

  @Test
  void deepNesting_isRejected() {
    String yaml = "a: " + "[".repeat(100) + "]".repeat(100) + "\n";

    assertThat(errors(yaml))
        .containsExactly("slo.yaml:1:67: YAML nesting is too deep; at most 64 levels are allowed");
  }

  @Test
  void emptyFile_andCommentsOnly_haveNoSlosAndNoErrors() {
    assertThat(SloFiles.parse("empty.yaml", "").errors()).isEmpty();
    assertThat(SloFiles.parse("comments.yaml", "# nothing yet\n---\n").slos()).isEmpty();
  }
}
