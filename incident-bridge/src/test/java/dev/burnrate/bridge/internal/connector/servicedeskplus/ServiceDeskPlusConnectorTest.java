package dev.burnrate.bridge.internal.connector.servicedeskplus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.ToolJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceDeskPlusConnectorTest {

  private static Outcome of(String body) {
    return ServiceDeskPlusConnector.failure(
        ToolJson.read(body), "PUT /api/v3/requests/1 answered 200");
  }

  @Test
  void aSuccess_isNoFailure_asAnObjectOrAsTheListsArray() {
    assertThat(of("{\"response_status\":{\"status_code\":2000,\"status\":\"success\"}}")).isNull();
    assertThat(of("{\"response_status\":[{\"status_code\":2000,\"status\":\"success\"}]}"))
        .isNull();
    assertThat(of("{\"request\":{\"id\":\"1\"}}")).isNull();
  }

  @Test
  void statusCode4000_withAnInputCode_isRejected_withFieldAndMessage() {
    Outcome o =
        of(
            "{\"response_status\":{\"status_code\":4000,\"status\":\"failed\",\"messages\":"
                + "[{\"status_code\":4012,\"field\":\"subject\",\"type\":\"failed\","
                + "\"message\":\"Value for the field subject is mandatory\"}]}}");

    assertThat(o).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected) o).error())
        .isEqualTo(
            "PUT /api/v3/requests/1 answered 200, response_status failed: status_code 4000;"
                + " status_code 4012 field subject: Value for the field subject is mandatory");
  }

  @Test
  void statusFailed_withoutTheCode_isAFailureToo() {
    assertThat(
            of(
                "{\"response_status\":{\"status\":\"failed\",\"messages\":"
                    + "[{\"status_code\":4001,\"message\":\"Invalid value\"}]}}"))
        .isInstanceOf(Outcome.Rejected.class);
  }

  @Test
  void internalErrors_permissions_rateLimits_andFailuresWithoutACode_areRetried() {
    for (int code : new int[] {4002, 4004, 4015}) {
      assertThat(
              of(
                  "{\"response_status\":{\"status_code\":4000,\"status\":\"failed\",\"messages\":"
                      + "[{\"status_code\":"
                      + code
                      + ",\"message\":\"x\"}]}}"))
          .as("code %d", code)
          .isInstanceOf(Outcome.Retry.class);
    }
    assertThat(of("{\"response_status\":{\"status_code\":4000,\"status\":\"failed\"}}"))
        .isInstanceOf(Outcome.Retry.class);
  }

  @Test
  void aTokensLifetime_isExpiresInSeconds_orMillisecondsInOlderAnswers() {
    assertThat(ZohoToken.lifetime(ToolJson.read("{\"expires_in\":3600}")))
        .isEqualTo(Duration.ofHours(1));
    assertThat(
            ZohoToken.lifetime(ToolJson.read("{\"expires_in\":3600000,\"expires_in_sec\":3600}")))
        .isEqualTo(Duration.ofHours(1));
    assertThat(ZohoToken.lifetime(ToolJson.read("{\"expires_in\":3600000}")))
        .isEqualTo(Duration.ofHours(1));
  }
}
