package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Match;
import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.ServiceDeskPlusFake;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ServiceDesk Plus connector against the cloud: Zoho OAuth tokens from the refresh token, the
 * API under the portal's path ({@code /app/itdesk}).
 */
class ServiceDeskPlusCloudConnectorIT extends ConnectorContractIT {

  @Override
  protected FakeItsm startFake() {
    return ServiceDeskPlusFake.cloud(
        "1000.CLIENTID", "s3cr3t-client-secret", "1000.s3cr3t-refresh", "/app/itdesk");
  }

  @Override
  protected ConnectorSettings settings(URI url, boolean right) {
    return ConnectorSettings.of(
        "sdp-cloud",
        "servicedeskplus",
        URI.create(url + "/app/itdesk"),
        Map.of(
            "clientId",
            "1000.CLIENTID",
            "clientSecret",
            "s3cr3t-client-secret",
            "refreshToken",
            right ? "1000.s3cr3t-refresh" : "1000.revoked",
            "accountsUrl",
            url.toString()),
        Match.all());
  }

  private ServiceDeskPlusFake sdp() {
    return (ServiceDeskPlusFake) fake;
  }

  private Outcome at(Instant now, long id, String key) throws InterruptedException {
    return connector.deliver(
        new Delivery(
            id,
            "opened",
            "x",
            TestSnapshots.of(incident(key, "open", "P3")),
            false,
            null,
            now,
            refs));
  }

  @Test
  void theAccessToken_isReused_thenRefreshedBeforeItExpires() throws Exception {
    Instant now = Instant.now();
    assertThat(at(now, 1, "INC-60")).isInstanceOf(Outcome.Delivered.class);
    assertThat(sdp().tokenRequests.get()).isEqualTo(1);
    String first = sdp().lastCredential;
    assertThat(first).startsWith("Zoho-oauthtoken 1000.");

    assertThat(at(now.plus(Duration.ofMinutes(50)), 2, "INC-61"))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(sdp().tokenRequests.get()).isEqualTo(1);
    assertThat(sdp().lastCredential).isEqualTo(first);

    // 56 minutes into a 60-minute token: within five minutes of its expiry, so replaced first.
    assertThat(at(now.plus(Duration.ofMinutes(56)), 3, "INC-62"))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(sdp().tokenRequests.get()).isEqualTo(2);
    assertThat(sdp().lastCredential).startsWith("Zoho-oauthtoken 1000.").isNotEqualTo(first);
  }

  @Test
  void aRevokedToken_isRefreshedAfterThe401_andTheCallMadeAgain() throws Exception {
    Instant now = Instant.now();
    assertThat(at(now, 1, "INC-63")).isInstanceOf(Outcome.Delivered.class);
    sdp().revokeTokens();

    assertThat(at(now.plusSeconds(5), 2, "INC-64")).isInstanceOf(Outcome.Delivered.class);

    assertThat(sdp().tokenRequests.get()).isEqualTo(2);
    assertThat(sdp().recordsFor("INC-64")).isEqualTo(1);
  }

  @Test
  void aRefusedRefreshToken_isARetry_namingZohosError() throws Exception {
    connector = Connectors.create(settings(fake.url(), false), OUTBOX, Clock.systemUTC());

    Outcome o = at(Instant.now(), 1, "INC-65");

    assertThat(o).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) o).error())
        .contains("invalid_code")
        .doesNotContain("s3cr3t")
        .doesNotContain("revoked");
    assertThat(fake.recordCount()).isZero();
  }

  @Test
  void theApi_isCalledUnderThePortalPath_andTheTokenEndpointUnderTheAccountsUrl() throws Exception {
    assertThat(at(Instant.now(), 1, "INC-66")).isInstanceOf(Outcome.Delivered.class);

    assertThat(sdp().paths).isNotEmpty().allMatch(p -> p.startsWith("/app/itdesk/api/v3/"));
    assertThat(sdp().tokenRequests.get()).isEqualTo(1);
  }
}
