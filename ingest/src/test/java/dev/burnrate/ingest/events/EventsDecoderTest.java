package dev.burnrate.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.limits.BoundedJson;
import dev.burnrate.ingest.limits.IngestLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsDecoderTest {
  private static final Instant NOW = Instant.parse("2026-11-24T14:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final IngestLimits limits = IngestLimits.defaults();
  private final JsonFactory json = BoundedJson.factory(limits);

  private List<RequestEvent> decode(String body) {
    return decode(body, limits);
  }

  private List<RequestEvent> decode(String body, IngestLimits l) {
    return EventsDecoder.decode(
        body.getBytes(StandardCharsets.UTF_8), BoundedJson.factory(l), l, clock);
  }

  private static final String EVENT =
      "{\"service\":\"api\",\"route\":\"/x\",\"method\":\"GET\",\"status\":200,\"duration_ms\":12.5";

  @Test
  void decode_readsNdjson_withRfc3339AndEpochMillisTimes() {
    List<RequestEvent> events =
        decode(
            EVENT
                + ",\"ts\":\"2026-11-24T13:59:00.250+01:00\",\"labels\":{\"region\":\"eu\"}}\n"
                + "\n"
                + EVENT
                + ",\"ts\":1795960000123}\n");
    assertThat(events).hasSize(2);
    assertThat(events.get(0).timestampMs())
        .isEqualTo(Instant.parse("2026-11-24T12:59:00.250Z").toEpochMilli());
    assertThat(events.get(0).labels()).isEqualTo(Map.of("region", "eu"));
    assertThat(events.get(0).durationMs()).isEqualTo(12.5);
    assertThat(events.get(1).timestampMs()).isEqualTo(1795960000123L);
  }

  @Test
  void decode_readsAJsonArray_andUsesTheClockWhenTsIsMissing() {
    List<RequestEvent> events =
        decode("[" + EVENT + "}, " + EVENT + ",\"ts\":\"2026-11-24t13:00:00z\"}]");
    assertThat(events).hasSize(2);
    assertThat(events.get(0).timestampMs()).isEqualTo(NOW.toEpochMilli());
    assertThat(events.get(1).timestampMs())
        .isEqualTo(Instant.parse("2026-11-24T13:00:00Z").toEpochMilli());
  }

  @Test
  void decode_rejectsTheWholeBatch_namingTheLineAndFieldOfEveryError() {
    String body =
        EVENT
            + "}\n"
            + "{\"service\":\"api\",\"route\":\"/x\",\"method\":\"GET\",\"status\":\"200\",\"duration_ms\":-1}\n"
            + EVENT
            + ",\"ts\":\"yesterday\",\"labels\":{\"job\":\"x\",\"ok\":1},\"extra\":true}\n"
            + "{\"route\":\"/x\"}\n";
    assertThatThrownBy(() -> decode(body))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(400);
              assertThat(p.detail()).contains("nothing was applied").contains("line 2");
              JsonArray errors = (JsonArray) p.extensions().get("errors");
              assertThat(
                      errors.stream()
                          .map(
                              o ->
                                  ((JsonObject) o).getInteger("line")
                                      + ":"
                                      + ((JsonObject) o).getString("field")))
                  .containsExactlyInAnyOrder(
                      "2:status",
                      "2:duration_ms",
                      "3:ts",
                      "3:labels.job",
                      "3:labels.ok",
                      "3:extra",
                      "4:service",
                      "4:method",
                      "4:status",
                      "4:duration_ms");
            });
  }

  @Test
  void decode_rejectsMalformedJson_withItsLine() {
    assertThatThrownBy(() -> decode(EVENT + "}\n{\"service\": }\n"))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(400);
              assertThat(p.detail()).contains("line 2");
            });
  }

  @Test
  void decode_enforcesTheEventCountDepthAndStringLimits() {
    assertThatThrownBy(
            () ->
                decode(
                    EVENT + "}\n" + EVENT + "}\n",
                    limits.toBuilder().maxEventsPerRequest(1).build()))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(413);
              assertThat(p.extensions()).containsEntry("limit", "maxEventsPerRequest");
            });
    String deep = "[".repeat(100) + "]".repeat(100);
    assertThatThrownBy(() -> decode(deep))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> assertThat(p.extensions()).containsEntry("limit", "maxJsonNestingDepth"));
    String longString = EVENT + ",\"labels\":{\"a\":\"" + "x".repeat(70_000) + "\"}}";
    assertThatThrownBy(() -> decode(longString))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(413);
              assertThat(p.extensions()).containsEntry("limit", "maxJsonStringLength");
            });
  }

  @Test
  void decode_rejectsEpochSeconds_sentAsMilliseconds() {
    assertThatThrownBy(() -> decode(EVENT + ",\"ts\":1795960000}"))
        .isInstanceOfSatisfying(
            HttpProblem.class, p -> assertThat(p.detail()).contains("probably epoch seconds"));
  }

  @Test
  void decode_rejectsAnEmptyBody() {
    assertThatThrownBy(() -> decode("  \n")).isInstanceOf(HttpProblem.class);
    assertThatThrownBy(() -> decode("[]")).isInstanceOf(HttpProblem.class);
  }
}
