package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Match;
import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.WebhookFake;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.webhook.WebhookConnector;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookConnectorIT extends ConnectorContractIT {
  static final String SECRET = "s3cr3t-signing-key";

  @Override
  protected FakeItsm startFake() {
    return new WebhookFake(SECRET, Clock.systemUTC());
  }

  @Override
  protected ConnectorSettings settings(URI url, boolean right) {
    return ConnectorSettings.of(
        "hook",
        "webhook",
        url.resolve("/hooks/burnrate"),
        Map.of("secret", right ? SECRET : "not-the-secret"),
        Match.all());
  }

  private Connector withHeaders(Map<String, String> headers) {
    Map<String, String> values = new java.util.LinkedHashMap<>(Map.of("secret", SECRET));
    headers.forEach((k, v) -> values.put("headers." + k, v));
    ConnectorSettings s =
        ConnectorSettings.of(
            "hook", "webhook", fake.url().resolve("/hooks/burnrate"), values, Match.all());
    return Connectors.create(s, OUTBOX, Clock.systemUTC());
  }

  @Test
  void customHeaders_goWithEveryDelivery_besideTheSignature() throws Exception {
    WebhookFake hook = (WebhookFake) fake;
    hook.requiredHeaders = Map.of("X-Api-Key", "gw-k3y-value", "X-Tenant", "ops");
    connector = withHeaders(Map.of("X-Api-Key", "gw-k3y-value", "X-Tenant", "ops"));

    deliverUntilDone("opened", incident("INC-40", "open", "P2"));

    assertThat(fake.recordsFor("INC-40")).isEqualTo(1);
    assertThat(hook.badSignatures).isZero();
    assertThat(hook.lastHeaders).containsEntry("X-api-key", "gw-k3y-value");
  }

  @Test
  void aHeaderValueEchoedByTheReceiver_isMaskedInTheStoredError() throws Exception {
    ((WebhookFake) fake).requiredHeaders = Map.of("X-Api-Key", "the-right-one");
    connector = withHeaders(Map.of("X-Api-Key", "wr0ng-but-s3cret"));

    Outcome o = deliver("opened", incident("INC-41", "open", "P2"), false);

    assertThat(o).isInstanceOf(Outcome.Retry.class);
    String error = ((Outcome.Retry) o).error();
    assertThat(error).contains("403").contains("***").doesNotContain("wr0ng-but-s3cret");
    assertThat(Redaction.of(List.of(settingsWith("wr0ng-but-s3cret"))).apply("k wr0ng-but-s3cret"))
        .isEqualTo("k ***");
  }

  private ConnectorSettings settingsWith(String header) {
    return ConnectorSettings.of(
        "hook",
        "webhook",
        fake.url(),
        Map.of("secret", SECRET, "headers.X-Api-Key", header),
        Match.all());
  }

  @Test
  void headerValues_areSecrets_neverShownByTheSettings() {
    ConnectorSettings s = settingsWith("hidden-v4lue");

    assertThat(s.toString()).doesNotContain("hidden-v4lue");
    assertThat(s.secrets()).containsKey("headers.X-Api-Key");
  }

  @Test
  void signature_isHmacSha256OverTimestampDotBody() {
    assertThat(WebhookConnector.sign("key", 1700000000L, "{\"a\":1}"))
        .isEqualTo("t=1700000000,v1=" + hmac("key", "1700000000.{\"a\":1}"));
  }

  static String hmac(String key, String data) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              key.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of()
          .formatHex(mac.doFinal(data.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
