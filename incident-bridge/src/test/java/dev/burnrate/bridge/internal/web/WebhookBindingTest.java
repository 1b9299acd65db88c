package dev.burnrate.bridge.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.WebhookRules;
import dev.burnrate.bridge.internal.alert.AlertWebhooks;
import dev.burnrate.bridge.internal.alert.WebhookPayload;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.http.HttpProblem;
import org.junit.jupiter.api.Test;

/**
 * A webhook body bound to its record and read into signals refuses each wrong field with the field
 * and words the API has always used, whether the binding or the reader finds it.
 */
class WebhookBindingTest {
  private static final String HEAD = "{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"firing\",";

  private static String alert(String fields) {
    return HEAD + "\"alerts\":[{\"status\":\"firing\"," + fields + "}]}";
  }

  private static void assertRefused(String body, String field, String detail) {
    String[] got = refusal(body);
    assertThat(got).as(body).containsExactly(field, detail);
  }

  private static String[] refusal(String body) {
    try {
      new AlertWebhooks(WebhookRules.defaults())
          .read(RequestJson.bindNotification(body, WebhookPayload.class), "alertmanager");
    } catch (HttpProblem p) {
      return new String[] {String.valueOf(p.extensions().get("field")), p.detail()};
    } catch (BridgeException.Invalid e) {
      return new String[] {e.field(), e.detail()};
    }
    throw new AssertionError("read " + body);
  }

  @Test
  void aBodyThatIsNoObject_isRefusedAsTheBody() {
    for (String body : new String[] {null, "", "  ", "null", "[]", "5", "\"x\""}) {
      assertRefused(body, "body", "the body must be a JSON object");
    }
    assertThat(refusal("{")[0]).isEqualTo("body");
    assertThat(refusal("{")[1]).startsWith("invalid JSON: ");
  }

  @Test
  void topLevelFieldsOfTheWrongType_areNamed() {
    assertRefused("{\"version\":4}", "version", "version must be a string");
    assertRefused("{\"version\":\"4\",\"status\":true}", "status", "status must be a string");
    assertRefused(
        HEAD + "\"groupLabels\":[],\"alerts\":[]}",
        "groupLabels",
        "groupLabels must be an object of strings");
    assertRefused(
        HEAD + "\"commonLabels\":{\"a\":1},\"alerts\":[]}",
        "commonLabels.a",
        "commonLabels.a must be a string");
    for (String alerts : new String[] {"{}", "\"x\"", "\"\"", "5", "null"}) {
      assertRefused(HEAD + "\"alerts\":" + alerts + "}", "alerts", "alerts must be an array");
    }
  }

  @Test
  void alertFieldsOfTheWrongType_areNamedByTheirPath() {
    for (String a : new String[] {"5", "\"\"", "\"x\"", "[]", "null"}) {
      assertRefused(HEAD + "\"alerts\":[" + a + "]}", "alerts[0]", "alerts[0] must be an object");
    }
    for (String labels : new String[] {"5", "\"\"", "[]"}) {
      assertRefused(
          alert("\"labels\":" + labels),
          "alerts[0].labels",
          "alerts[0].labels must be an object of strings");
    }
    assertRefused(alert("\"labels\":null"), "alerts[0].labels", "alerts[0].labels is required");
    for (String v : new String[] {"5", "true", "{}", "[]", "null"}) {
      assertRefused(
          alert("\"labels\":{\"job\":" + v + "}"),
          "alerts[0].labels.job",
          "alerts[0].labels.job must be a string");
    }
    assertRefused(
        alert("\"labels\":{},\"annotations\":{\"summary\":1}"),
        "alerts[0].annotations.summary",
        "alerts[0].annotations.summary must be a string");
    assertRefused(
        alert("\"labels\":{},\"startsAt\":5"),
        "alerts[0].startsAt",
        "alerts[0].startsAt must be a string");
    assertRefused(
        alert("\"labels\":{},\"fingerprint\":[]"),
        "alerts[0].fingerprint",
        "alerts[0].fingerprint must be a string");
    assertRefused(
        HEAD + "\"alerts\":[{\"labels\":{}}]}", "alerts[0].status", "alerts[0].status is required");
  }
}
