package dev.burnrate.bridge.internal.connector.stackstorm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.bridge.Secret;
import dev.burnrate.bridge.fake.FakeItsm.Fault;
import dev.burnrate.bridge.fake.StackStormActionsFake;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.request.Fulfilment;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** StackStorm executions against a local server that answers as StackStorm's executions API. */
class StackStormExecutionsIT {
  final StackStormExecutions executions =
      new StackStormExecutions(HttpClient.newHttpClient(), Duration.ofSeconds(5));

  StackStormExecutions.Execution start(Fulfilment.StackStorm st, Map<String, Object> params)
      throws Exception {
    return executions.start(st.url(), st.apiKey(), st.action(), params);
  }

  StackStormExecutions.Execution get(Fulfilment.StackStorm st, String id) throws Exception {
    return executions.get(st.url(), st.apiKey(), id);
  }

  @Test
  void start_thenFollow_untilTheExecutionIsFinal() throws Exception {
    try (StackStormActionsFake st2 = new StackStormActionsFake("key")) {
      st2.action("core.echo", 2, "succeeded", ToolJson.read("{\"stdout\":\"hi\"}"));
      Fulfilment.StackStorm st =
          new Fulfilment.StackStorm(st2.url(), Secret.of("key"), "core.echo", Map.of());
      Map<String, Object> params = Map.of("message", "hi");
      StackStormExecutions.Execution e = start(st, params);
      assertThat(e.status()).isEqualTo("requested");
      assertThat(e.finished()).isFalse();
      JsonNode sent = Json.MAPPER.valueToTree(params);
      assertThat(st2.started.get(0).path("parameters")).isEqualTo(sent);
      assertThat(get(st, e.id()).status()).isEqualTo("scheduled");
      assertThat(get(st, e.id()).status()).isEqualTo("running");
      StackStormExecutions.Execution done = get(st, e.id());
      assertThat(done.finished()).isTrue();
      assertThat(done.succeeded()).isTrue();
      assertThat(((Map<?, ?>) done.result()).get("stdout")).isEqualTo("hi");
    }
  }

  @Test
  void refusals_carryTheStatusAndStackStormsFaultstring() throws Exception {
    try (StackStormActionsFake st2 = new StackStormActionsFake("key")) {
      st2.action("core.echo", 0, "failed", null);
      Fulfilment.StackStorm wrongKey =
          new Fulfilment.StackStorm(st2.url(), Secret.of("nope"), "core.echo", Map.of());
      assertThatThrownBy(() -> start(wrongKey, Map.of()))
          .isInstanceOfSatisfying(
              StackStormExecutions.St2Exception.class, x -> assertThat(x.status).isEqualTo(401))
          .hasMessageContaining("Unauthorized");
      Fulfilment.StackStorm unknown =
          new Fulfilment.StackStorm(st2.url(), Secret.of("key"), "core.nope", Map.of());
      assertThatThrownBy(() -> start(unknown, Map.of()))
          .hasMessageContaining("400")
          .hasMessageContaining("cannot be found");
      assertThatThrownBy(() -> get(unknown, "5f00"))
          .hasMessageContaining("404")
          .hasMessageContaining("not found");
      st2.failNext(Fault.DROP);
      Fulfilment.StackStorm ok =
          new Fulfilment.StackStorm(st2.url(), Secret.of("key"), "core.echo", Map.of());
      assertThatThrownBy(() -> start(ok, Map.of()))
          .isInstanceOfSatisfying(
              StackStormExecutions.St2Exception.class, x -> assertThat(x.status).isZero())
          .hasMessageContaining("no answer from StackStorm");
      assertThat(st2.started).isEmpty();
    }
  }
}
