package dev.burnrate.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.ingest.testing.WriteRequests;
import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.Mutations;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whatever bytes arrive, the decoders either decode them or answer a 4xx problem. */
class HostileInputProperties {
  private static final SelectorIndex INDEX =
      SelectorIndex.of(
          List.of(Slos.goodOverTotal("s", Slos.query("m{a=~\".*\"}"), Slos.query("m"))));

  @Test
  void snappy_roundTripsWhatSnappyJavaCompresses() {
    PropertyRunner.forAll(
        500,
        Gen.byteArrays(0, 5000),
        input -> {
          if (input.length == 0) {
            return;
          }
          assertThat(SnappyBlock.decompress(WriteRequests.snappy(input), 1 << 20)).isEqualTo(input);
        });
  }

  @Test
  void snappy_failsOnlyWithA4xxProblem_onMutatedBlocks() {
    PropertyRunner.forAll(
        500,
        mutatedSnappy(),
        block -> {
          try {
            SnappyBlock.decompress(block, 1 << 20);
          } catch (HttpProblem p) {
            assertThat(p.status()).isBetween(400, 499);
          }
        });
  }

  @Test
  void remoteWrite_failsOnlyWithA4xxProblem_onMutatedMessages() {
    PropertyRunner.forAll(
        500,
        mutatedWriteRequest(),
        message -> {
          try {
            RemoteWriteDecoder.decode(message, IngestLimits.defaults(), INDEX, new BatchBuilder());
          } catch (HttpProblem p) {
            assertThat(p.status()).isBetween(400, 499);
          }
        });
  }

  private static Gen<byte[]> mutatedSnappy() {
    byte[] valid = WriteRequests.snappy("abcabcabcabc hello hello hello".repeat(20).getBytes());
    return mutations(valid);
  }

  private static Gen<byte[]> mutatedWriteRequest() {
    byte[] valid =
        WriteRequests.create()
            .series(Map.of("__name__", "m", "a", "x"), new long[] {1, 2}, new double[] {1, 2})
            .series(Map.of("__name__", "n", "b", "y"), new long[] {3}, new double[] {3})
            .protobuf();
    return mutations(valid);
  }

  /** One to four bytes of {@code valid} overwritten, or (as an edge case) {@code valid} itself. */
  private static Gen<byte[]> mutations(byte[] valid) {
    return Mutations.overwritten(valid, 0, 1, 4).withEdgeCases(valid.clone());
  }
}
