package dev.burnrate.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.ingest.testing.WriteRequests;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever bytes arrive, the decoders either decode them or answer a 4xx problem. */
class HostileInputProperties {
  private static final SelectorIndex INDEX =
      SelectorIndex.of(
          List.of(Slos.goodOverTotal("s", Slos.query("m{a=~\".*\"}"), Slos.query("m"))));

  @Property(tries = 500)
  void snappy_roundTripsWhatSnappyJavaCompresses(@ForAll @Size(max = 5000) byte[] input) {
    if (input.length == 0) {
      return;
    }
    assertThat(SnappyBlock.decompress(WriteRequests.snappy(input), 1 << 20)).isEqualTo(input);
  }

  @Property(tries = 500)
  void snappy_failsOnlyWithA4xxProblem_onMutatedBlocks(@ForAll("mutatedSnappy") byte[] block) {
    try {
      SnappyBlock.decompress(block, 1 << 20);
    } catch (HttpProblem p) {
      assertThat(p.status()).isBetween(400, 499);
    }
  }

  @Property(tries = 500)
  void remoteWrite_failsOnlyWithA4xxProblem_onMutatedMessages(
      @ForAll("mutatedWriteRequest") byte[] message) {
    try {
      RemoteWriteDecoder.decode(message, IngestLimits.defaults(), INDEX, new BatchBuilder());
    } catch (HttpProblem p) {
      assertThat(p.status()).isBetween(400, 499);
    }
  }

  @Provide
  Arbitrary<byte[]> mutatedSnappy() {
    byte[] valid = WriteRequests.snappy("abcabcabcabc hello hello hello".repeat(20).getBytes());
    return mutations(valid);
  }

  @Provide
  Arbitrary<byte[]> mutatedWriteRequest() {
    byte[] valid =
        WriteRequests.create()
            .series(Map.of("__name__", "m", "a", "x"), new long[] {1, 2}, new double[] {1, 2})
            .series(Map.of("__name__", "n", "b", "y"), new long[] {3}, new double[] {3})
            .protobuf();
    return mutations(valid);
  }

  private static Arbitrary<byte[]> mutations(byte[] valid) {
    return Arbitraries.integers()
        .between(0, valid.length - 1)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .flatMap(
            positions ->
                Arbitraries.bytes()
                    .list()
                    .ofSize(positions.size())
                    .map(
                        values -> {
                          byte[] copy = valid.clone();
                          for (int i = 0; i < positions.size(); i++) {
                            copy[positions.get(i)] = values.get(i);
                          }
                          return copy;
                        }))
        .injectDuplicates(0.0)
        .edgeCases(e -> e.add(valid));
  }
}
