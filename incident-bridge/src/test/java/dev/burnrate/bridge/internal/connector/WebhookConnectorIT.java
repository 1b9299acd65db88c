package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.BridgeSettings.ConnectorSettings;
import dev.burnrate.bridge.BridgeSettings.Match;
import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.WebhookFake;
import dev.burnrate.bridge.internal.connector.webhook.WebhookConnector;
import java.net.URI;
import java.time.Clock;
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
