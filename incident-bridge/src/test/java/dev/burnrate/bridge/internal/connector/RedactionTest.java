package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Match;
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
  void aFreshserviceKey_andItsBasicHeaderWithPasswordX_areMasked() {
    ConnectorSettings fs =
        ConnectorSettings.of(
            "fs",
            "freshservice",
            URI.create("http://127.0.0.1:1"),
            Map.of("apiKey", "fsK3yV4lue"),
            Match.all());
    String basic =
        Base64.getEncoder().encodeToString("fsK3yV4lue:X".getBytes(StandardCharsets.UTF_8));

    String out =
        Redaction.of(List.of(fs)).apply("Authorization: Basic " + basic + " key fsK3yV4lue");

    assertThat(out)
        .doesNotContain(basic)
        .doesNotContain("fsK3y")
        .isEqualTo("Authorization: Basic *** key ***");
  }

  @Test
  void everyServiceDeskPlusCredential_isMasked() {
    ConnectorSettings cloud =
        ConnectorSettings.of(
            "sdp",
            "servicedeskplus",
            URI.create("http://127.0.0.1:1/app/itdesk"),
            Map.of(
                "clientId", "1000.CL13NT",
                "clientSecret", "s3cr3tSecret",
                "refreshToken", "1000.r3fresh"),
            Match.all());
    ConnectorSettings onPrem =
        ConnectorSettings.of(
            "sdp-op",
            "servicedeskplus",
            URI.create("http://127.0.0.1:1"),
            Map.of("authtoken", "T3CH-K3Y"),
            Match.all());

    String out =
        Redaction.of(List.of(cloud, onPrem))
            .apply(
                "client_id=1000.CL13NT&client_secret=s3cr3tSecret&refresh_token=1000.r3fresh"
                    + " authtoken: T3CH-K3Y");

    assertThat(out).isEqualTo("client_id=***&client_secret=***&refresh_token=*** authtoken: ***");
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
