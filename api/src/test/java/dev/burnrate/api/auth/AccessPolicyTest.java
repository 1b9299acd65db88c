package dev.burnrate.api.auth;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessPolicyTest {
  private final AccessPolicy defaults = new AccessPolicy(true, false);
  private final AccessPolicy open = new AccessPolicy(false, false);
  private final AccessPolicy closedReads = new AccessPolicy(true, true);

  @Test
  void ingestAndWebhooks_needIngest() {
    assertThat(defaults.required(POST, "/api/v1/write")).contains(Scope.INGEST);
    assertThat(defaults.required(POST, "/v1/metrics")).contains(Scope.INGEST);
    assertThat(defaults.required(POST, "/api/v1/events")).contains(Scope.INGEST);
    assertThat(defaults.required(POST, "/api/v1/alerts/alertmanager")).contains(Scope.INGEST);
    assertThat(defaults.required(POST, "/api/v1/alerts/grafana")).contains(Scope.INGEST);
  }

  @Test
  void writesUnderApiV1_needWrite_readsAreOpenByDefault() {
    assertThat(defaults.required(POST, "/api/v1/slos/reload")).contains(Scope.WRITE);
    assertThat(defaults.required(PATCH, "/api/v1/changes/CHG-1")).contains(Scope.WRITE);
    assertThat(defaults.required(DELETE, "/api/v1/incidents/INC-1/links/PRB-1"))
        .contains(Scope.WRITE);
    assertThat(defaults.required(GET, "/api/v1/slos")).isEmpty();
  }

  @Test
  void theOutbox_needsATokenEvenWhenReadsAreOpen() {
    assertThat(defaults.required(GET, "/api/v1/outbox")).contains(Scope.READ);
    assertThat(defaults.required(POST, "/api/v1/outbox/12/retry")).contains(Scope.WRITE);
    assertThat(defaults.required(GET, "/api/v1/outboxes")).isEmpty();
  }

  @Test
  void readsNeedRead_whenConfigured() {
    assertThat(closedReads.required(GET, "/api/v1/slos")).contains(Scope.READ);
    assertThat(closedReads.required(GET, "/metrics")).isEmpty();
  }

  @Test
  void tokenManagement_alwaysNeedsAdmin() {
    assertThat(defaults.required(GET, "/api/v1/tokens")).contains(Scope.ADMIN);
    assertThat(open.required(POST, "/api/v1/tokens")).contains(Scope.ADMIN);
    assertThat(open.required(DELETE, "/api/v1/tokens/tok_1")).contains(Scope.ADMIN);
  }

  @Test
  void authNotRequired_opensWritesAndIngest() {
    assertThat(open.required(POST, "/api/v1/events")).isEmpty();
    assertThat(open.required(POST, "/api/v1/slos/reload")).isEmpty();
  }

  @Test
  void healthMetricsAndDocument_areAlwaysOpen() {
    for (String path :
        new String[] {"/health/live", "/health/ready", "/metrics", "/openapi.yaml"}) {
      assertThat(closedReads.required(GET, path)).as(path).isEmpty();
    }
  }

  @Test
  void scopes_implyTheLesserOnes() {
    assertThat(Scope.ADMIN.grants(Scope.INGEST)).isTrue();
    assertThat(Scope.WRITE.grants(Scope.READ)).isTrue();
    assertThat(Scope.READ.grants(Scope.WRITE)).isFalse();
    assertThat(Scope.INGEST.grants(Scope.READ)).isFalse();
    assertThat(Scope.WRITE.grants(Scope.INGEST)).isFalse();
  }

  @Test
  void consolePageAndFiles_areOpen_evenWhenReadsNeedAToken() {
    for (String path : new String[] {"/", "/console/app.js", "/console/app.css"}) {
      assertThat(closedReads.required(GET, path)).as(path).isEmpty();
    }
    assertThat(closedReads.required(GET, "/api/v1/reports/slos")).contains(Scope.READ);
  }
}
