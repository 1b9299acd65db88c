package dev.burnrate.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.limits.BoundedJson;
import dev.burnrate.ingest.limits.IngestLimits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The decoder against {@link ReferenceEventsDecoder} on generated bodies, valid and not: the same
 * events, or the same problem with the same errors (line, index, field, message) in the same order.
 */
class EventsDecoderProperties {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-24T14:00:00Z"), ZoneOffset.UTC);

  private static final String[] TS = {
    "1795960000123",
    "100000000000",
    "99999999999",
    "1795960000",
    "0",
    "-5",
    "123456789012345678901234",
    "1.79596e12",
    "\"2026-11-24T13:59:00.250Z\"",
    "\"2026-11-24T13:59:00Z\"",
    "\"2026-11-24t13:59:00.1z\"",
    "\"2026-11-24 13:59:00.123456789Z\"",
    "\"2026-11-24T13:59:00.250+01:00\"",
    "\"2026-11-24T13:59Z\"",
    "\"2023-02-29T00:00:00Z\"",
    "\"2026-11-24T13:59:60Z\"",
    "\"yesterday\"",
    "\"\"",
    "\"2026-11-24T13:59:00.250Z and more text to be long\"",
    "null",
    "true",
    "{\"a\":1}",
    "[1,2]",
  };
  private static final String[] NAMES = {
    "\"api\"",
    "\"svc-1\"",
    "\"/api/orders\"",
    "\"GET\"",
    "\"POST\"",
    "\"\"",
    "\"\u00dfervice\"",
    "\"\u65e5\u672c\"",
    "\"a\\\"b\\\\c\"",
    "\"caf\\u00e9\"",
    "\"\\ud83d\\ude00\"",
    "\"a-rather-long-value-of-more-than-forty-characters-here\"",
    "\"" + "x".repeat(70) + "\"",
    "42",
    "null",
    "{}",
    "[\"a\"]",
  };
  private static final String[] STATUS = {
    "200", "503", "100", "599", "99", "600", "\"200\"", "200.0", "2147483648", "-1", "null"
  };
  private static final String[] DURATION = {
    "12.5",
    "0",
    "0.0",
    "-0.0",
    "-0",
    "-1",
    "1e3",
    "1.5E-3",
    "12",
    "300.001",
    "431.7",
    "0.12345678901234567",
    "9007199254740993",
    "123456789012345678901",
    "1e400",
    "\"12\"",
    "null",
    "[1]",
  };
  private static final String[] LABELS = {
    "{}",
    "{\"region\":\"eu\"}",
    "{\"region\":\"eu\",\"zone\":\"a\"}",
    "{\"region\":\"\"}",
    "{\"job\":\"x\"}",
    "{\"le\":\"1\"}",
    "{\"ok\":1}",
    "{\"__x\":\"y\"}",
    "{\"1a\":\"b\"}",
    "{\"a\":\"b\",\"a\":\"c\"}",
    "{\"averyveryverylonglabelname\":\"v\"}",
    "{\"a\":\"b\",\"c\":\"d\",\"e\":\"f\",\"g\":\"h\"}",
    "{\"region\":\"" + "y".repeat(70) + "\"}",
    "{\"region\":{\"nested\":\"x\"}}",
    "[]",
    "\"x\"",
    "null",
  };

  @Provide
  Arbitrary<String> fields() {
    return Arbitraries.oneOf(
        field("ts", TS),
        field("service", NAMES),
        field("route", NAMES),
        field("method", NAMES),
        field("status", STATUS),
        field("duration_ms", DURATION),
        field("labels", LABELS),
        Arbitraries.of("\"extra\":true", "\"Service\":\"x\"", "\"\":1"));
  }

  private static Arbitrary<String> field(String name, String[] values) {
    return Arbitraries.of(values).map(v -> "\"" + name + "\":" + v);
  }

  @Provide
  Arbitrary<String> events() {
    Arbitrary<String> valid =
        Combinators.combine(
                Arbitraries.of(TS).injectNull(0.3),
                Arbitraries.of("\"api\"", "\"svc-1\"", "\"\u00dfervice\""),
                Arbitraries.of("\"/x\"", "\"/api/orders\""),
                Arbitraries.of("\"GET\"", "\"POST\""),
                Arbitraries.of("200", "503"),
                Arbitraries.of("12.5", "0", "300.001", "431.7", "7"),
                Arbitraries.of(LABELS).injectNull(0.6))
            .as(
                (ts, service, route, method, status, duration, labels) -> {
                  List<String> f = new ArrayList<>();
                  if (ts != null) {
                    f.add("\"ts\":" + ts);
                  }
                  f.add("\"service\":" + service);
                  f.add("\"route\":" + route);
                  f.add("\"method\":" + method);
                  f.add("\"status\":" + status);
                  f.add("\"duration_ms\":" + duration);
                  if (labels != null) {
                    f.add("\"labels\":" + labels);
                  }
                  return "{" + String.join(",", f) + "}";
                });
    Arbitrary<String> mixed =
        fields().list().ofMaxSize(9).map(f -> "{" + String.join(", ", f) + "}");
    Arbitrary<String> notObjects = Arbitraries.of("[]", "1", "\"x\"", "null", "[{\"a\":1}]");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, valid),
        net.jqwik.api.Tuple.of(3, mixed),
        net.jqwik.api.Tuple.of(1, notObjects));
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> separator = Arbitraries.of("\n", "\r\n", "\r", "\n\n", " ", "\n  \n", "\n\t");
    Arbitrary<String> ndjson =
        Combinators.combine(events().list().ofMinSize(0).ofMaxSize(8), separator)
            .as((events, sep) -> String.join(sep, events) + (events.isEmpty() ? "" : sep));
    Arbitrary<String> array =
        Combinators.combine(events().list().ofMinSize(0).ofMaxSize(8), separator)
            .as((events, sep) -> "[" + String.join("," + sep, events) + "]");
    return Arbitraries.oneOf(ndjson, ndjson, array);
  }

  @Provide
  Arbitrary<IngestLimits> limits() {
    IngestLimits d = IngestLimits.defaults();
    return Combinators.combine(
            Arbitraries.of(d.maxLabelsPerSeries(), 5, 6),
            Arbitraries.of(d.maxLabelNameLength(), 5),
            Arbitraries.of(d.maxLabelValueLength(), 3, 6),
            Arbitraries.of(d.maxJsonStringLength(), 2, 10, 25, 40),
            Arbitraries.of(d.maxEventsPerRequest(), 4))
        .as(
            (labels, name, value, string, events) ->
                new IngestLimits(
                    d.maxCompressedBodyBytes(),
                    d.maxDecompressedBodyBytes(),
                    d.maxSeriesPerRequest(),
                    d.maxSamplesPerRequest(),
                    labels,
                    name,
                    value,
                    d.maxJsonNestingDepth(),
                    string,
                    events,
                    d.inlineDecodeMaxBytes()));
  }

  @Property(tries = 3000)
  void decodesAsTheReference(@ForAll("bodies") String body, @ForAll("limits") IngestLimits limits) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertThat(outcome(bytes, limits, false)).isEqualTo(outcome(bytes, limits, true));
  }

  @Property(tries = 3000)
  void decodesAsTheReference_onMutatedBodies(
      @ForAll("bodies") String body,
      @ForAll("limits") IngestLimits limits,
      @ForAll("mutations") List<int[]> mutations) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0) {
      return;
    }
    for (int[] m : mutations) {
      int at = Math.floorMod(m[0], bytes.length);
      switch (m[1]) {
        case 0 -> bytes = java.util.Arrays.copyOf(bytes, at); // truncate
        case 1 -> bytes[at] = (byte) m[2];
        default -> {
          byte[] b = new byte[bytes.length + 1];
          System.arraycopy(bytes, 0, b, 0, at);
          b[at] = (byte) m[2];
          System.arraycopy(bytes, at, b, at + 1, bytes.length - at);
          bytes = b;
        }
      }
      if (bytes.length == 0) {
        break;
      }
    }
    assertThat(outcome(bytes, limits, false)).isEqualTo(outcome(bytes, limits, true));
  }

  @Provide
  Arbitrary<List<int[]>> mutations() {
    Arbitrary<Integer> bytes =
        Arbitraries.oneOf(
            Arbitraries.of(
                (int) '"',
                (int) ',',
                (int) ':',
                (int) '{',
                (int) '}',
                (int) '\n',
                (int) '.',
                (int) '5',
                (int) 'e',
                (int) '-',
                (int) '\\',
                0xC3,
                0xA9,
                0xFF,
                0x80,
                0xE2),
            Arbitraries.integers().between(0, 255));
    return Combinators.combine(
            Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers().between(0, 2), bytes)
        .as((at, kind, b) -> new int[] {at, kind, b})
        .list()
        .ofMinSize(1)
        .ofMaxSize(3);
  }

  /** The events, or the problem as text, or any other exception as text. */
  private static Object outcome(byte[] body, IngestLimits limits, boolean reference) {
    try {
      return reference
          ? ReferenceEventsDecoder.decode(body, BoundedJson.factory(limits), limits, CLOCK)
          : EventsDecoder.decode(body, BoundedJson.factory(limits), limits, CLOCK);
    } catch (HttpProblem p) {
      return List.of(p.status(), p.title(), String.valueOf(p.detail()), p.extensions());
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }
}
