package dev.burnrate.bridge.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.http.HttpProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestJsonTest {
  record Inner(String version) {}

  record Sample(
      String title, Boolean flag, List<String> names, Inner source, Map<String, Object> fields) {}

  private static HttpProblem refusal(String body) {
    try {
      RequestJson.bind(body, false, Sample.class);
    } catch (HttpProblem p) {
      return p;
    }
    throw new AssertionError("bound " + body);
  }

  private static void assertRefused(String body, String field, String detail) {
    HttpProblem p = refusal(body);
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.extensions()).containsEntry("field", field);
    assertThat(p.detail()).isEqualTo(detail);
  }

  @Test
  void aBody_bindsToItsRecord_nullBeingAbsent() {
    var b =
        RequestJson.bind(
            "{\"title\":\"t\",\"flag\":true,\"names\":[\"a\"],\"source\":{\"version\":\"1\"},"
                + "\"fields\":{\"n\":1.5},\"other\":5,\"x\":null}",
            true,
            Sample.class);
    assertThat(b.value())
        .isEqualTo(new Sample("t", true, List.of("a"), new Inner("1"), Map.of("n", 1.5)));
    assertThat(b.fields()).contains("x", "other", "title");
    assertThat(RequestJson.bind(null, false, Sample.class).value())
        .isEqualTo(new Sample(null, null, null, null, null));
  }

  @Test
  void valuesOfTheWrongType_areRefusedNamingTheField() {
    assertRefused("{\"title\":5}", "title", "title must be a string");
    assertRefused("{\"title\":{}}", "title", "title must be a string");
    assertRefused("{\"flag\":\"true\"}", "flag", "flag must be true or false");
    assertRefused("{\"flag\":1}", "flag", "flag must be true or false");
    assertRefused("{\"names\":\"a\"}", "names", "names must be an array of strings");
    assertRefused("{\"names\":[1]}", "names", "names must be an array of non-empty strings");
    assertRefused("{\"source\":\"x\"}", "source", "source must be an object");
    assertRefused("{\"source\":{\"version\":2}}", "version", "version must be a string");
    assertRefused("{\"fields\":[1]}", "fields", "fields must be an object");
  }

  @Test
  void aBodyThatIsNoObject_isRefused() {
    assertRefused("[1]", "body", "the body must be a JSON object");
    assertThat(refusal("{\"title\":").detail()).startsWith("invalid JSON: ");
    assertThatThrownBy(() -> RequestJson.bind(" ", true, Sample.class))
        .hasMessageContaining("a JSON object body is required");
  }
}
