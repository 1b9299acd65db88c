package dev.burnrate.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.bridge.BridgeRest.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Configuration items end to end: a host alert on db-1 opens an incident that lists every service
 * and consumer depending on it, and the impact endpoints answer what breaks if an item fails.
 */
class ConfigurationItemsIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static BridgeFixture fx;
  static IncidentBridge bridge;
  static BridgeRest rest;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new BridgeFixture();
    bridge =
        IncidentBridge.create(
            fx.dataSource,
            BridgeSettings.defaults(),
            ServiceCatalog.load(Path.of("../examples/catalog.yaml")),
            fx.budgets,
            fx.clock);
    rest = BridgeRest.serve(bridge);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (rest != null) {
      rest.close();
      bridge.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  static Reply call(String method, String path, String body) throws Exception {
    return rest.call(method, path, body);
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void hostAlertOnDb1_opensAnIncidentListingEveryServiceAndConsumerThatDependsOnIt()
      throws Exception {
    // node_exporter's alert: job=node names no catalog service; instance names the host.
    String body =
        """
        {"version":"4","groupKey":"{}:{alertname=\\"HostDown\\"}","truncatedAlerts":0,
         "status":"firing","receiver":"burnrate",
         "groupLabels":{"alertname":"HostDown"},"commonLabels":{"alertname":"HostDown"},
         "commonAnnotations":{},"externalURL":"http://alertmanager:9093",
         "alerts":[{"status":"firing",
           "labels":{"alertname":"HostDown","job":"node","instance":"db-1:9100","severity":"critical"},
           "annotations":{"summary":"db-1 is down"},
           "startsAt":"2026-01-05T03:00:00Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prometheus:9090/graph","fingerprint":"d1d1d1d1"}]}
        """;
    Reply r = call("POST", "/api/v1/alerts/alertmanager", body);
    assertThat(r.status()).isEqualTo(200);
    String key = r.body().path("incidents").get(0).asText();

    JsonNode inc = call("GET", "/api/v1/incidents/" + key, null).body();
    assertThat(inc.path("service").asText()).isEqualTo("db-1");
    assertThat(inc.path("configurationItem").path("name").asText()).isEqualTo("db-1");
    assertThat(inc.path("configurationItem").path("kind").asText()).isEqualTo("host");
    assertThat(texts(inc.path("impactedServices")))
        .containsExactly("checkout", "inventory", "payments", "reporting", "web");
    JsonNode consumers = inc.path("impactedConsumers");
    assertThat(texts(consumers.path("teams")))
        .containsExactly("finance", "management", "team-sales", "warehouse");
    assertThat(texts(consumers.path("customerGroups")))
        .containsExactly("shoppers-eu", "shoppers-us");
    assertThat(texts(consumers.path("users"))).containsExactly("cfo@example.com");
    assertThat(inc.path("impactedItems").findValuesAsText("name"))
        .contains("payments-db", "inventory-db", "web")
        .doesNotContain("auth", "auth-db");
    String opened = inc.path("timeline").get(0).path("message").asText();
    assertThat(opened)
        .contains("services depending on db-1: checkout, inventory, payments, reporting, web")
        .contains("customer groups shoppers-eu, shoppers-us");

    // The list view carries the same impact.
    JsonNode listed = call("GET", "/api/v1/incidents?state=open", null).body().path("items");
    assertThat(listed.findValuesAsText("key")).contains(key);
  }

  @Test
  void grafanaAlertNamingADatabase_mapsToThatItem() throws Exception {
    String body =
        """
        {"receiver":"burnrate","status":"firing","orgId":1,"groupKey":"{}/{}:{alertname=\\"DbSlow\\"}",
         "groupLabels":{"alertname":"DbSlow"},"commonLabels":{"alertname":"DbSlow"},"commonAnnotations":{},
         "externalURL":"https://grafana.example/","version":"1","truncatedAlerts":0,
         "title":"[FIRING:1] DbSlow","state":"alerting","message":"slow",
         "alerts":[{"status":"firing","labels":{"alertname":"DbSlow","database":"auth-db","severity":"warning"},
           "annotations":{},"startsAt":"2026-01-05T03:00:00Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"https://grafana.example/alerting/x/edit","fingerprint":"aa11aa11aa11aa11",
           "silenceURL":"","dashboardURL":"","panelURL":"","values":{"B":2.4},"valueString":""}]}
        """;
    Reply r = call("POST", "/api/v1/alerts/grafana", body);
    assertThat(r.status()).isEqualTo(200);
    JsonNode inc =
        call("GET", "/api/v1/incidents/" + r.body().path("incidents").get(0).asText(), null).body();
    assertThat(inc.path("configurationItem").path("kind").asText()).isEqualTo("database");
    assertThat(inc.path("service").asText()).isEqualTo("auth-db");
    assertThat(texts(inc.path("impactedServices")))
        .containsExactly("auth", "checkout", "payments", "web");
  }

  @Test
  void itemImpact_answersWhatBreaksIfDb1Fails() throws Exception {
    Reply r = call("GET", "/api/v1/items/db-1/impact", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("item").path("kind").asText()).isEqualTo("host");
    assertThat(texts(r.body().path("services")))
        .containsExactly("checkout", "inventory", "payments", "reporting", "web");
    JsonNode web = null;
    for (JsonNode i : r.body().path("items")) {
      if (i.path("name").asText().equals("web")) {
        web = i;
      }
    }
    assertThat(texts(web.path("path")))
        .containsExactly("web", "checkout", "inventory", "inventory-db", "db-1");
    assertThat(texts(r.body().path("consumers").path("users"))).containsExactly("cfo@example.com");
  }

  @Test
  void serviceImpact_listsDependentServicesAndConsumers_andRefusesNonServices() throws Exception {
    Reply r = call("GET", "/api/v1/services/payments/impact", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(texts(r.body().path("services"))).containsExactly("checkout", "web");
    assertThat(texts(r.body().path("consumers").path("teams")))
        .containsExactly("finance", "team-sales");
    assertThat(call("GET", "/api/v1/services/db-1/impact", null).status()).isEqualTo(404);
    assertThat(call("GET", "/api/v1/items/nope/impact", null).status()).isEqualTo(404);
  }

  @Test
  void items_areListedByKind_andReadWithTheirRelations() throws Exception {
    JsonNode hosts = call("GET", "/api/v1/items?kind=host", null).body().path("items");
    assertThat(hosts.findValuesAsText("name")).containsExactly("db-1", "db-2");
    Reply bad = call("GET", "/api/v1/items?kind=mainframe", null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("field").asText()).isEqualTo("kind");
    JsonNode db = call("GET", "/api/v1/items/payments-db", null).body();
    assertThat(db.path("relations").get(0).path("type").asText()).isEqualTo("runs_on");
    assertThat(db.path("relations").get(0).path("target").asText()).isEqualTo("db-1");
    assertThat(texts(db.path("reliedOnBy"))).containsExactly("payments", "reporting");
  }
}
