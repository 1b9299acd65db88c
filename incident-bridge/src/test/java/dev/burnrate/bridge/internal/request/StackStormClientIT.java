package dev.burnrate.bridge.internal.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.Secret;
import dev.burnrate.bridge.fake.FakeItsm.Fault;
import dev.burnrate.bridge.fake.StackStormActionsFake;
import dev.burnrate.bridge.internal.record.Json;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The StackStorm client against a local server that answers as StackStorm's executions API. */
class StackStormClientIT {
  final StackStormClient client =
      new StackStormClient(HttpClient.newHttpClient(), Duration.ofSeconds(5));

  @Test
  void start_thenFollow_untilTheExecutionIsFinal() throws Exception {
    try (StackStormActionsFake st2 = new StackStormActionsFake("key")) {
      st2.action("core.echo", 2, "succeeded", Json.read("{\"stdout\":\"hi\"}"));
      Fulfilment.StackStorm st =
          new Fulfilment.StackStorm(st2.url(), Secret.of("key"), "core.echo", Map.of());
      ObjectNode params = Json.object().put("message", "hi");
      StackStormClient.Execution e = client.start(st, params);
      assertThat(e.status()).isEqualTo("requested");
      assertThat(e.finished()).isFalse();
      assertThat(st2.started.get(0).path("parameters")).isEqualTo(params);
      assertThat(client.get(st, e.id()).status()).isEqualTo("scheduled");
      assertThat(client.get(st, e.id()).status()).isEqualTo("running");
      StackStormClient.Execution done = client.get(st, e.id());
      assertThat(done.finished()).isTrue();
      assertThat(done.succeeded()).isTrue();
      assertThat(done.result().path("stdout").asText()).isEqualTo("hi");
    }
  }

  @Test
  void refusals_carryTheStatusAndStackStormsFaultstring() throws Exception {
    try (StackStormActionsFake st2 = new StackStormActionsFake("key")) {
      st2.action("core.echo", 0, "failed", null);
      Fulfilment.StackStorm wrongKey =
          new Fulfilment.StackStorm(st2.url(), Secret.of("nope"), "core.echo", Map.of());
      assertThatThrownBy(() -> client.start(wrongKey, Json.object()))
          .isInstanceOfSatisfying(
              StackStormClient.St2Exception.class, x -> assertThat(x.status).isEqualTo(401))
          .hasMessageContaining("Unauthorized");
      Fulfilment.StackStorm unknown =
          new Fulfilment.StackStorm(st2.url(), Secret.of("key"), "core.nope", Map.of());
      assertThatThrownBy(() -> client.start(unknown, Json.object()))
          .hasMessageContaining("400")
          .hasMessageContaining("cannot be found");
      assertThatThrownBy(() -> client.get(unknown, "5f00"))
          .hasMessageContaining("404")
          .hasMessageContaining("not found");
      st2.failNext(Fault.DROP);
      Fulfilment.StackStorm ok =
          new Fulfilment.StackStorm(st2.url(), Secret.of("key"), "core.echo", Map.of());
      assertThatThrownBy(() -> client.start(ok, Json.object()))
          .isInstanceOfSatisfying(
              StackStormClient.St2Exception.class, x -> assertThat(x.status).isZero())
          .hasMessageContaining("no answer from StackStorm");
      assertThat(st2.started).isEmpty();
    }
  }
}
