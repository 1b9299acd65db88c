package dev.burnrate.bridge;

import static dev.burnrate.slo.engine.AlertTransition.Kind.FIRING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.bridge.BridgeRest.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST routes and the alert webhooks over real HTTP on loopback. */
class BridgeRoutesIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static BridgeFixture fx;
  static IncidentBridge bridge;
  static BridgeRest rest;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new BridgeFixture();
    bridge = fx.bridge(BridgeSettings.defaults());
    rest = BridgeRest.serve(bridge);
  }

  @AfterAll
  static void tearDown() throws Exception {
    rest.close();
    bridge.close();
    fx.close();
  }

  static Reply call(String method, String path, String body) throws Exception {
    return rest.call(method, path, body);
  }

  static String alertmanager(String status, String groupKey, String fingerprint, String labels) {
    return """
        {"version":"4","groupKey":"%s","truncatedAlerts":0,"status":"%s","receiver":"burnrate",
         "groupLabels":{"alertname":"HighErrorRate"},
         "commonLabels":{"alertname":"HighErrorRate"},
         "commonAnnotations":{"summary":"High error rate"},
         "externalURL":"http://alertmanager:9093",
         "alerts":[{"status":"%s","labels":%s,
           "annotations":{"summary":"High error rate on checkout","description":"5xx above 5%%"},
           "startsAt":"2025-01-31T12:00:00.123Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prometheus:9090/graph?g0.expr=x","fingerprint":"%s"}]}
        """
        .formatted(groupKey, status, status, labels, fingerprint);
  }

  @Test
  void alertmanagerWebhook_opensAnIncident_dedupsRepeats_andResolvedResolvesIt() throws Exception {
    String labels =
        "{\"alertname\":\"HighErrorRate\",\"job\":\"checkout\",\"severity\":\"critical\"}";
    Reply first =
        call(
            "POST",
            "/api/v1/alerts/alertmanager",
            alertmanager("firing", "{}:{alertname=HighErrorRate}", "a1b2c3", labels));
    assertThat(first.status()).isEqualTo(200);
    String key = first.body().path("incidents").get(0).asText();
    Reply again =
        call(
            "POST",
            "/api/v1/alerts/alertmanager",
            alertmanager("firing", "{}:{alertname=HighErrorRate}", "a1b2c3", labels));
    assertThat(again.body().path("incidents").get(0).asText()).isEqualTo(key);

    JsonNode inc = call("GET", "/api/v1/incidents/" + key, null).body();
    assertThat(inc.path("source").asText()).isEqualTo("alertmanager");
    assertThat(inc.path("service").asText()).isEqualTo("checkout");
    assertThat(inc.path("priority").asText()).isEqualTo("P1");
    assertThat(inc.path("title").asText()).isEqualTo("High error rate on checkout");
    assertThat(inc.path("timeline")).hasSize(1);
    assertThat(inc.path("impactedServices")).extracting(JsonNode::asText).containsExactly("web");

    call(
        "POST",
        "/api/v1/alerts/alertmanager",
        alertmanager("resolved", "{}:{alertname=HighErrorRate}", "a1b2c3", labels));
    JsonNode resolved = call("GET", "/api/v1/incidents/" + key, null).body();
    assertThat(resolved.path("state").asText()).isEqualTo("resolved");
    assertThat(resolved.path("resolvedBy").asText()).isEqualTo("alertmanager");
  }

  @Test
  void grafanaWebhook_opensAnIncident_withTheServiceFromItsLabels() throws Exception {
    String body =
        """
        {"receiver":"burnrate","status":"firing","orgId":1,"groupKey":"{}/{}:{alertname=\\"CatalogSlow\\"}",
         "groupLabels":{"alertname":"CatalogSlow"},"commonLabels":{"alertname":"CatalogSlow"},"commonAnnotations":{},
         "externalURL":"https://grafana.example/","version":"1","truncatedAlerts":0,
         "title":"[FIRING:1] CatalogSlow","state":"alerting","message":"catalog is slow",
         "alerts":[{"status":"firing","labels":{"alertname":"CatalogSlow","app":"catalog","severity":"warning"},
           "annotations":{"description":"p99 above 2s"},"startsAt":"2025-01-31T12:00:00Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"https://grafana.example/alerting/x/edit","fingerprint":"bc97ff14869b13e3",
           "silenceURL":"https://grafana.example/alerting/silence/new","dashboardURL":"","panelURL":"",
           "values":{"B":2.4,"C":1},"valueString":"[ var='B' value=2.4 ]"}]}
        """;
    Reply r = call("POST", "/api/v1/alerts/grafana", body);
    assertThat(r.status()).isEqualTo(200);
    JsonNode inc =
        call("GET", "/api/v1/incidents/" + r.body().path("incidents").get(0).asText(), null).body();
    assertThat(inc.path("source").asText()).isEqualTo("grafana");
    assertThat(inc.path("service").asText()).isEqualTo("catalog");
    assertThat(inc.path("priority").asText()).isEqualTo("P3");
    assertThat(inc.path("title").asText()).isEqualTo("CatalogSlow on catalog");
  }

  @Test
  void anAlertWithAnSloLabel_attachesToThatSlosOpenIncident() throws Exception {
    bridge.accept(fx.ticket1d(FIRING, "payments-availability", "payments"));
    String labels =
        "{\"alertname\":\"PaymentsDown\",\"service\":\"payments\",\"severity\":\"critical\",\"slo\":\"payments-availability\"}";
    Reply r =
        call(
            "POST",
            "/api/v1/alerts/alertmanager",
            alertmanager("firing", "g-pay", "ffee01", labels));

    JsonNode list =
        call("GET", "/api/v1/incidents?state=active&service=payments", null).body().path("items");
    assertThat(list).hasSize(1);
    assertThat(r.body().path("incidents").get(0).asText())
        .isEqualTo(list.get(0).path("key").asText());
    assertThat(list.get(0).path("priority").asText())
        .as("escalated by the critical alert")
        .isEqualTo("P1");
    assertThat(list.get(0).path("activeAlerts")).hasSize(2);
  }

  @Test
  void invalidWebhookPayloads_are400sNamingTheField_andChangeNothing() throws Exception {
    long before = fx.count("SELECT count(*) FROM bridge_incident");
    Reply version =
        call(
            "POST",
            "/api/v1/alerts/alertmanager",
            alertmanager("firing", "g", "f", "{\"alertname\":\"x\"}")
                .replace("\"version\":\"4\"", "\"version\":\"3\""));
    assertThat(version.status()).isEqualTo(400);
    assertThat(version.contentType()).isEqualTo("application/problem+json");
    assertThat(version.body().path("field").asText()).isEqualTo("version");

    Reply status =
        call(
            "POST",
            "/api/v1/alerts/alertmanager",
            alertmanager("firing", "g", "f", "{\"alertname\":\"x\"}")
                .replace(
                    "\"alerts\":[{\"status\":\"firing\"", "\"alerts\":[{\"status\":\"burning\""));
    assertThat(status.status()).isEqualTo(400);
    assertThat(status.body().path("field").asText()).isEqualTo("alerts[0].status");

    Reply labels =
        call(
            "POST",
            "/api/v1/alerts/alertmanager",
            alertmanager("firing", "g", "f", "{\"alertname\":7}"));
    assertThat(labels.body().path("field").asText()).isEqualTo("alerts[0].labels.alertname");

    Reply notJson = call("POST", "/api/v1/alerts/grafana", "{nope");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body().path("field").asText()).isEqualTo("body");

    Reply big =
        call("POST", "/api/v1/alerts/alertmanager", "{\"pad\":\"" + "x".repeat(1 << 21) + "\"}");
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.body().path("limit").asText()).isEqualTo("maxBodyBytes");

    assertThat(fx.count("SELECT count(*) FROM bridge_incident")).isEqualTo(before);
  }

  @Test
  void incidents_listWithFiltersAndCursorPaging_andActionsAnswer404And409() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Reply r =
          call(
              "POST",
              "/api/v1/incidents",
              "{\"title\":\"manual "
                  + i
                  + "\",\"service\":\"auth\",\"severity\":\"ticket\",\"priority\":\"P4\",\"by\":\"gina\"}");
      assertThat(r.status()).isEqualTo(201);
      keys.add(r.body().path("key").asText());
    }
    Reply page1 =
        call("GET", "/api/v1/incidents?service=auth&severity=ticket&limit=3&since=1h", null);
    assertThat(page1.body().path("items"))
        .extracting(n -> n.path("key").asText())
        .containsExactly(keys.get(4), keys.get(3), keys.get(2));
    String cursor = page1.body().path("nextCursor").asText();
    Reply page2 =
        call(
            "GET", "/api/v1/incidents?service=auth&severity=ticket&limit=3&cursor=" + cursor, null);
    assertThat(page2.body().path("items"))
        .extracting(n -> n.path("key").asText())
        .containsExactly(keys.get(1), keys.get(0));
    assertThat(page2.body().path("nextCursor").isNull()).isTrue();

    assertThat(call("GET", "/api/v1/incidents?limit=0", null).body().path("field").asText())
        .isEqualTo("limit");
    assertThat(call("GET", "/api/v1/incidents?state=burning", null).body().path("field").asText())
        .isEqualTo("state");
    assertThat(call("GET", "/api/v1/incidents/INC-999999", null).status()).isEqualTo(404);

    String k = keys.get(0);
    assertThat(
            call("POST", "/api/v1/incidents/" + k + "/acknowledge", "{\"by\":\"gina\"}")
                .body()
                .path("state")
                .asText())
        .isEqualTo("acknowledged");
    Reply twice = call("POST", "/api/v1/incidents/" + k + "/acknowledge", "{\"by\":\"gina\"}");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.body().path("detail").asText())
        .contains("only an open incident can be acknowledged");

    Reply comment =
        call(
            "POST",
            "/api/v1/incidents/" + k + "/comments",
            "{\"by\":\"gina\",\"text\":\"looking\"}");
    assertThat(comment.status()).isEqualTo(201);
    assertThat(
            call("POST", "/api/v1/incidents/" + k + "/comments", "{\"by\":\"gina\"}")
                .body()
                .path("field")
                .asText())
        .isEqualTo("text");

    Reply link =
        call("POST", "/api/v1/incidents/" + k + "/links", "{\"target\":\"" + keys.get(1) + "\"}");
    assertThat(link.body().path("links"))
        .extracting(l -> l.path("key").asText() + " " + l.path("relation").asText())
        .contains(keys.get(1) + " related", "PRB-1 problem");
    Reply ext =
        call(
            "POST",
            "/api/v1/incidents/" + k + "/links",
            "{\"target\":\"OPS-12\",\"url\":\"https://jira.example/browse/OPS-12\",\"relation\":\"external\"}");
    assertThat(ext.status()).isEqualTo(201);
    assertThat(call("DELETE", "/api/v1/incidents/" + k + "/links/" + keys.get(1), null).status())
        .isEqualTo(200);
    assertThat(call("DELETE", "/api/v1/incidents/" + k + "/links/" + keys.get(1), null).status())
        .isEqualTo(404);

    assertThat(
            call(
                    "POST",
                    "/api/v1/incidents/" + k + "/resolve",
                    "{\"by\":\"gina\",\"resolution\":\"fixed\"}")
                .status())
        .isEqualTo(200);
    assertThat(
            call("POST", "/api/v1/incidents/" + k + "/close", "{\"by\":\"gina\"}")
                .body()
                .path("state")
                .asText())
        .isEqualTo("closed");
  }

  @Test
  void changes_recordAndGate_andRequestsApproveOverHttp() throws Exception {
    fx.budgets.set("web", "web-errors", -0.2);
    String change =
        "{\"service\":\"web\",\"kind\":\"normal\",\"source\":{\"system\":\"github-actions\",\"commit\":\"abc\",\"version\":\"7.1\",\"id\":\"run-77\"}}";
    Reply created = call("POST", "/api/v1/changes", change);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("key").asText()).startsWith("CHG-");
    assertThat(call("POST", "/api/v1/changes", change).status()).as("retried by CI").isEqualTo(200);
    assertThat(
            call("POST", "/api/v1/changes", "{\"service\":\"nope\"}").body().path("field").asText())
        .isEqualTo("service");
    assertThat(
            call("POST", "/api/v1/changes", "{\"service\":\"web\",\"kind\":\"yolo\"}")
                .body()
                .path("field")
                .asText())
        .isEqualTo("kind");

    Reply denied =
        call("POST", "/api/v1/changes/evaluate", "{\"service\":\"web\",\"kind\":\"normal\"}");
    assertThat(denied.status()).isEqualTo(200);
    assertThat(denied.body().path("decision").asText()).isEqualTo("deny");
    assertThat(denied.body().path("budgets").path("web-errors").asDouble()).isEqualTo(-0.2);

    Reply req =
        call(
            "POST",
            "/api/v1/requests",
            "{\"type\":\"freeze_exception\",\"service\":\"web\",\"reason\":\"CVE fix\",\"requestedBy\":\"hal\",\"duration\":\"2h\"}");
    assertThat(req.status()).isEqualTo(201);
    String rk = req.body().path("key").asText();
    assertThat(
            call("POST", "/api/v1/requests/" + rk + "/approve", "{}").body().path("field").asText())
        .isEqualTo("by");
    assertThat(
            call("POST", "/api/v1/requests/" + rk + "/approve", "{\"by\":\"ivy\"}")
                .body()
                .path("inForce")
                .asBoolean())
        .isTrue();
    assertThat(call("POST", "/api/v1/requests/" + rk + "/reject", "{\"by\":\"ivy\"}").status())
        .isEqualTo(409);

    Reply allowed =
        call(
            "POST",
            "/api/v1/changes/evaluate",
            "{\"service\":\"web\",\"kind\":\"normal\",\"record\":true}");
    assertThat(allowed.body().path("decision").asText()).isEqualTo("allow");
    assertThat(allowed.body().path("changeRecord").path("state").asText()).isEqualTo("approved");
    assertThat(
            call("GET", "/api/v1/requests?type=freeze_exception&state=approved", null)
                .body()
                .path("items"))
        .hasSize(1);
  }

  @Test
  void services_listTheCatalogWithDependentsAndBudgets() throws Exception {
    fx.budgets.set("payments", "payments-latency", 0.5);
    JsonNode svc = call("GET", "/api/v1/services/payments", null).body();
    assertThat(svc.path("dependsOn"))
        .extracting(JsonNode::asText)
        .containsExactly("auth", "postgres");
    assertThat(svc.path("dependents"))
        .extracting(JsonNode::asText)
        .containsExactly("checkout", "web");
    assertThat(svc.path("slos").path("payments-latency").asDouble()).isEqualTo(0.5);
    assertThat(call("GET", "/api/v1/services", null).body().path("items").size()).isEqualTo(7);
    assertThat(call("GET", "/api/v1/services/mainframe", null).status()).isEqualTo(404);
  }
}
