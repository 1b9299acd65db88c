package dev.burnrate.bridge.internal.connector.teamdynamix;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeamDynamixConnectorTest {

  private static String jwt(String claims) {
    Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
    return b.encodeToString("{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".c2ln";
  }

  @Test
  void expiry_isTheExpClaim_andNothingForATokenWithoutOne() {
    assertThat(TeamDynamixConnector.expiry(jwt("{\"nbf\":1400705074,\"exp\":1400791474}")))
        .hasValue(Instant.ofEpochSecond(1400791474));
    for (String bad :
        List.of(
            jwt("{\"nbf\":1400705074}"),
            jwt("{\"exp\":\"tomorrow\"}"),
            jwt("not json"),
            "no-dots",
            "a.%%%.c",
            "")) {
      assertThat(TeamDynamixConnector.expiry(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void statesMapToStatusRoles_perKind() {
    assertThat(TeamDynamixConnector.statusRole("incident", "open")).isEqualTo("open");
    assertThat(TeamDynamixConnector.statusRole("incident", "acknowledged")).isEqualTo("inProcess");
    assertThat(TeamDynamixConnector.statusRole("incident", "resolved")).isEqualTo("resolved");
    assertThat(TeamDynamixConnector.statusRole("incident", "closed")).isEqualTo("closed");
    assertThat(TeamDynamixConnector.statusRole("problem", "known_error")).isEqualTo("inProcess");
    assertThat(TeamDynamixConnector.statusRole("change", "planned")).isEqualTo("open");
    assertThat(TeamDynamixConnector.statusRole("change", "in_progress")).isEqualTo("inProcess");
    assertThat(TeamDynamixConnector.statusRole("change", "failed")).isEqualTo("closed");
    assertThat(TeamDynamixConnector.statusRole("change", "rejected")).isEqualTo("cancelled");
  }

  @Test
  void classifications_areTeamDynamixsTicketClasses() {
    assertThat(TeamDynamixConnector.classification("incident")).isEqualTo(32);
    assertThat(TeamDynamixConnector.classification("problem")).isEqualTo(33);
    assertThat(TeamDynamixConnector.classification("change")).isEqualTo(34);
  }
}
