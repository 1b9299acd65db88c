package dev.burnrate.bridge.internal.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.bridge.ServiceCatalog;
import dev.burnrate.bridge.internal.request.FieldSpec.FieldType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestCatalogYamlTest {
  static final String AUTOMATION =
      """
      automation:
        stackstorm: {url: "https://st2.example.com", apiKey: k}
        webhooks:
          hr: {url: "https://hr.example.com/hook", secret: s}
      """;

  static RequestCatalog parse(String requestTypes) {
    return ServiceCatalog.parse("services: {}\n" + AUTOMATION + requestTypes, "cat.yaml")
        .requests();
  }

  @Test
  void types_areReadWithFieldsApprovalFulfilmentAndTarget() {
    RequestCatalog c =
        parse(
            """
            requestTypes:
              new-employee-account:
                description: Accounts
                fields:
                  email: {type: email, required: true}
                  team: {type: enum, values: [a, b]}
                approval: {approvers: [it-lead]}
                fulfilment:
                  stackstorm: {action: identity.create, parameters: {mail: "{{email}}"}}
                target: 1d
              badge:
                approval: {required: false}
              vpn:
                fulfilment: {webhook: hr}
            """);
    assertThat(c.types())
        .extracting(RequestType::name)
        .containsExactly(
            "freeze_exception", "budget_reset", "new-employee-account", "badge", "vpn");
    RequestType t = c.type("new-employee-account").orElseThrow();
    assertThat(t.fields())
        .extracting(FieldSpec::type)
        .containsExactly(FieldType.EMAIL, FieldType.ENUM);
    assertThat(t.approval().approvers()).containsExactly("it-lead");
    assertThat(t.fulfilment()).isInstanceOf(Fulfilment.StackStorm.class);
    assertThat(((Fulfilment.StackStorm) t.fulfilment()).apiKey().reveal()).isEqualTo("k");
    assertThat(t.target()).contains(Duration.ofDays(1));
    assertThat(c.type("badge").orElseThrow().fulfilment()).isInstanceOf(Fulfilment.Manual.class);
    assertThat(c.type("badge").orElseThrow().approval().required()).isFalse();
    assertThat(c.type("vpn").orElseThrow().fulfilment().mode()).isEqualTo("webhook");
    assertThat(c.type("freeze_exception").orElseThrow().builtIn()).isTrue();
  }

  @Test
  void mistakes_areErrorsAtTheirLine() {
    String[][] cases = {
      {"x:\n    fields:\n      a: {type: date}\n", "cat.yaml:9:", "unknown field type 'date'"},
      {"x:\n    fields:\n      a: {type: enum}\n", "cat.yaml:9:", "an enum field needs values"},
      {"x:\n    fields:\n      a: {type: boolean, pattern: x}\n", "cat.yaml:9:", "pattern applies"},
      {"x:\n    fields:\n      a: {pattern: \"([\"}\n", "cat.yaml:9:", "not a regular expression"},
      {"x:\n    fulfilment: {webhook: nope}\n", "cat.yaml:8:", "unknown webhook 'nope'"},
      {
        "x:\n    fulfilment:\n      stackstorm: {action: p.a, parameters: {u: \"{{who}}\"}}\n",
        "cat.yaml:9:",
        "{{who}} names no field"
      },
      {"x:\n    fulfilment:\n      stackstorm: {action: noDot}\n", "cat.yaml:9:", "pack.action"},
      {"x:\n    fulfilment: robots\n", "cat.yaml:8:", "expected manual"},
      {"freeze_exception: {}\n", "cat.yaml:7:", "built-in request type"},
      {"x:\n    approval: {required: false, approvers: [a]}\n", "cat.yaml:8:", "only apply"},
      {"x:\n    target: 0s\n", "cat.yaml:8:", "longer than zero"},
      {"x:\n    colour: red\n", "cat.yaml:8:", "unknown key"},
      {"Bad Name: {}\n", "cat.yaml:7:", "request type names"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> parse("requestTypes:\n  " + c[0]))
          .as(c[0])
          .hasMessageStartingWith(c[1])
          .hasMessageContaining(c[2]);
    }
  }

  @Test
  void stackstormFulfilment_needsTheAutomationSection() {
    assertThatThrownBy(
            () ->
                ServiceCatalog.parse(
                    "services: {}\nrequestTypes:\n  x:\n    fulfilment:\n      stackstorm: {action: a.b}\n",
                    "cat.yaml"))
        .hasMessageStartingWith("cat.yaml:5:")
        .hasMessageContaining("needs automation.stackstorm");
    assertThatThrownBy(
            () ->
                ServiceCatalog.parse(
                    "services: {}\nautomation:\n  stackstorm: {url: ftp://x, apiKey: k}\n",
                    "c.yaml"))
        .hasMessageStartingWith("c.yaml:3:")
        .hasMessageContaining("http(s) URL");
  }
}
