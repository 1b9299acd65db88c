package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.BridgeSettings.ConnectorSettings;
import dev.burnrate.bridge.BridgeSettings.Match;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private static final ConnectorSettings JIRA =
      ConnectorSettings.of(
          "jira",
          "jira",
          URI.create("http://127.0.0.1:1"),
          Map.of("user", "bot@example.com", "token", "t0k\"en/+", "project", "OPS"),
          Match.all());
  private static final ConnectorSettings PD =
      ConnectorSettings.of(
          "pd",
          "pagerduty",
          URI.create("http://127.0.0.1:1"),
          Map.of("routingKey", "0123456789abcdef0123456789abcdef"),
          Match.all());

  private final Redaction redaction = Redaction.of(List.of(JIRA, PD));

  @Test
  void theSecretItsUserPairAndItsBasicHeader_areMasked_inEveryEchoedForm() {
    String basic =
        Base64.getEncoder()
            .encodeToString("bot@example.com:t0k\"en/+".getBytes(StandardCharsets.UTF_8));
    String echoed =
        "{\"headers\":{\"Authorization\":\"Basic "
            + basic
            + "\"},\"token\":\"t0k\\\"en/+\",\"raw\":\"t0k\"en/+\",\"query\":\"t0k%22en%2F%2B\","
            + "\"pair\":\"bot@example.com:t0k\"en/+\",\"routing_key\":\"0123456789abcdef0123456789abcdef\"}";

    String out = redaction.apply(echoed);

    assertThat(out)
        .doesNotContain(basic)
        .doesNotContain("t0k")
        .doesNotContain("0123456789abcdef")
        .contains("Basic ***")
        .contains("\"routing_key\":\"***\"");
  }

  @Test
  void longText_isCutToTheLimit() {
    String out = redaction.apply("x".repeat(200_000));

    assertThat(out).hasSize(Redaction.MAX_CHARS).endsWith("...");
  }

  @Test
  void aSecretAcrossTheCut_leavesNoPrefix_becauseItIsMaskedFirst() {
    String text = "y".repeat(Redaction.MAX_CHARS - 10) + "0123456789abcdef0123456789abcdef";

    assertThat(redaction.apply(text)).doesNotContain("0123456");
  }

  @Test
  void textWithoutSecrets_isKept() {
    assertThat(redaction.apply("POST /rest/api/3/issue answered 500: boom"))
        .isEqualTo("POST /rest/api/3/issue answered 500: boom");
    assertThat(redaction.apply(null)).isNull();
  }
}
