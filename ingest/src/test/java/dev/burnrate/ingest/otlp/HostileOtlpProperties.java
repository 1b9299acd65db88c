package dev.burnrate.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.events.EventsDecoder;
import dev.burnrate.ingest.limits.BoundedJson;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.otlp.internal.OtlpTranslator;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.Mutations;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mutated OTLP and event bodies are decoded or answered with a 4xx problem, nothing else. */
class HostileOtlpProperties {
  private static final IngestLimits LIMITS = IngestLimits.defaults();
  private static final SelectorIndex INDEX =
      SelectorIndex.of(
          List.of(
              Slos.goodOverTotal("s", Slos.query("orders_total"), Slos.query("h_seconds_count"))));

  private static final String OTLP_JSON =
      """
      {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"a"}}]},
       "scopeMetrics":[{"metrics":[{"name":"orders","sum":{"isMonotonic":true,"aggregationTemporality":2,
       "dataPoints":[{"timeUnixNano":"1795960000000000000","asInt":"3"}]}},
       {"name":"h","unit":"s","histogram":{"aggregationTemporality":1,"dataPoints":[{"count":"2",
       "sum":0.5,"bucketCounts":["1","1"],"explicitBounds":[0.25]}]}}]}]}]}
      """;
  private static final String EVENTS =
      """
      {"ts":"2026-11-24T13:59:00Z","service":"a","route":"/r","method":"GET","status":200,"duration_ms":250}
      {"ts":1795960000000,"service":"a","route":"/r","method":"GET","status":500,"duration_ms":1,"labels":{"x":"y"}}
      """;

  @Test
  void otlp_decodesOrAnswers4xx_forMutatedProtobufAndJson() {
    PropertyRunner.forAll(
        400,
        mutatedOtlp(),
        body -> {
          try {
            var request =
                body[0] == '{'
                    ? OtlpDecoder.json(body, BoundedJson.factory(LIMITS), LIMITS)
                    : OtlpDecoder.protobuf(body);
            OtlpTranslator.translate(request, LIMITS, INDEX, Clock.systemUTC(), new BatchBuilder());
          } catch (HttpProblem p) {
            assertThat(p.status()).isBetween(400, 499);
          }
        });
  }

  @Test
  void events_decodeOrAnswer4xx_forMutatedBodies() {
    PropertyRunner.forAll(
        400,
        mutatedEvents(),
        body -> {
          try {
            EventsDecoder.decode(body, BoundedJson.factory(LIMITS), LIMITS, Clock.systemUTC());
          } catch (HttpProblem p) {
            assertThat(p.status()).isBetween(400, 499);
          }
        });
  }

  private static Gen<byte[]> mutatedOtlp() {
    byte[] json = OTLP_JSON.getBytes(StandardCharsets.UTF_8);
    byte[] pb = OtlpDecoder.json(json, BoundedJson.factory(LIMITS), LIMITS).toByteArray();
    return Gen.oneOf(mutations(json), mutations(pb));
  }

  private static Gen<byte[]> mutatedEvents() {
    return mutations(EVENTS.getBytes(StandardCharsets.UTF_8));
  }

  /** One to three bytes overwritten, the first kept so that the format stays recognisable. */
  private static Gen<byte[]> mutations(byte[] valid) {
    return Mutations.overwritten(valid, 1, 1, 3);
  }
}
