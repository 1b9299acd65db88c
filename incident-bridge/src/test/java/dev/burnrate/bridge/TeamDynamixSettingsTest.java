package dev.burnrate.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TeamDynamixSettingsTest {
  private static final String BASE =
      "connectors:\n"
          + "  - name: tdx\n"
          + "    type: teamdynamix\n"
          + "    url: https://acme.teamdynamix.com\n"
          + "    beid: 3f2a1b4c-s3cr3t-beid\n"
          + "    webServicesKey: 9d8c7b6a-s3cr3t-key\n";

  @Test
  void teamdynamix_needsOnlyUrlBeidKeyAndApp_andKeepsTheCredentialsSecret() {
    BridgeSettings s = BridgeSettings.parse(BASE + "    appId: 627\n", "b.yaml");

    ConnectorSettings c = s.connectors().get(0);
    assertThat(c.type()).isEqualTo("teamdynamix");
    assertThat(c.option("appId", null)).isEqualTo("627");
    assertThat(c.secrets().get("beid").reveal()).isEqualTo("3f2a1b4c-s3cr3t-beid");
    assertThat(c.secrets().get("webServicesKey").reveal()).isEqualTo("9d8c7b6a-s3cr3t-key");
    assertThat(c.toString()).doesNotContain("s3cr3t").contains("***");
  }

  @Test
  void everyOption_parses() {
    BridgeSettings s =
        BridgeSettings.parse(
            BASE
                + "    appId: 627\n"
                + "    typeId: 88\n"
                + "    formId: 12\n"
                + "    accountId: 4\n"
                + "    sourceId: 8\n"
                + "    requestorUid: 7f3c2e10-1b2a-4c3d-9e8f-0a1b2c3d4e5f\n"
                + "    keyAttributeId: 1234\n"
                + "    priorityIds: 'P1=21, P2=22, P3=23, P4=24'\n"
                + "    openStatusId: 1\n"
                + "    inProcessStatusId: 2\n"
                + "    resolvedStatusId: 3\n"
                + "    closedStatusId: 4\n"
                + "    cancelledStatusId: 5\n",
            "b.yaml");

    assertThat(s.connectors().get(0).options()).hasSize(13);
  }

  @Test
  void aMissingApp_isAnError_namingTheConnectorAndLine() {
    assertThatThrownBy(() -> BridgeSettings.parse(BASE, "b.yaml"))
        .hasMessageStartingWith("b.yaml:2:5: connectors[0]: teamdynamix connector 'tdx' needs")
        .hasMessageContaining("'appId'");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    BASE.replace("    beid: 3f2a1b4c-s3cr3t-beid\n", "") + "    appId: 1\n",
                    "b.yaml"))
        .hasMessageContaining("teamdynamix connector 'tdx' needs 'beid'");
  }

  @Test
  void badIds_areErrors_namingTheOption() {
    assertThatThrownBy(() -> BridgeSettings.parse(BASE + "    appId: tickets\n", "b.yaml"))
        .hasMessageStartingWith("b.yaml:2:5: ")
        .hasMessageContaining("teamdynamix connector 'tdx': appId must be a TeamDynamix id")
        .hasMessageContaining("'tickets'");
    assertThatThrownBy(() -> BridgeSettings.parse(BASE + "    appId: 1\n    typeId: 0\n", "b.yaml"))
        .hasMessageContaining("typeId must be a TeamDynamix id");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    BASE + "    appId: 1\n    keyAttributeId: 99999999999\n", "b.yaml"))
        .hasMessageContaining("keyAttributeId must be a TeamDynamix id");
    assertThatThrownBy(
            () -> BridgeSettings.parse(BASE + "    appId: 1\n    requestorUid: bob\n", "b.yaml"))
        .hasMessageContaining("requestorUid must be a UID");
  }

  @Test
  void badPriorityIds_areErrors_showingTheForm() {
    for (String bad : new String[] {"P1:21", "P5=1", "P1=21, P1=22", "P1=x", "urgent"}) {
      assertThatThrownBy(
              () ->
                  BridgeSettings.parse(
                      BASE + "    appId: 1\n    priorityIds: '" + bad + "'\n", "b.yaml"))
          .as(bad)
          .hasMessageContaining("teamdynamix connector 'tdx': priorityIds");
    }
  }

  @Test
  void anUnknownKey_isAnError_listingTheKnownOnes() {
    assertThatThrownBy(() -> BridgeSettings.parse(BASE + "    appId: 1\n    apiKey: x\n", "b.yaml"))
        .hasMessageContaining("unknown key for a teamdynamix connector")
        .hasMessageContaining("webServicesKey")
        .hasMessageContaining("keyAttributeId");
  }
}
