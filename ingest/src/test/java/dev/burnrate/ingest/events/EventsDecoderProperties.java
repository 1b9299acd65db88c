package dev.burnrate.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.limits.BoundedJson;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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

  private static Gen<String> fields() {
    return Gen.oneOf(
        field("ts", TS),
        field("service", NAMES),
        field("route", NAMES),
        field("method", NAMES),
        field("status", STATUS),
        field("duration_ms", DURATION),
        field("labels", LABELS),
        Gen.of("\"extra\":true", "\"Service\":\"x\"", "\"\":1"));
  }

  private static Gen<String> field(String name, String[] values) {
    return Gen.of(values).map(v -> "\"" + name + "\":" + v);
  }

  private static Gen<String> events() {
    Gen<String> tss = Gen.of(TS).injectNull(0.3);
    Gen<String> services = Gen.of("\"api\"", "\"svc-1\"", "\"\u00dfervice\"");
    Gen<String> routes = Gen.of("\"/x\"", "\"/api/orders\"");
    Gen<String> methods = Gen.of("\"GET\"", "\"POST\"");
    Gen<String> statuses = Gen.of("200", "503");
    Gen<String> durations = Gen.of("12.5", "0", "300.001", "431.7", "7");
    Gen<String> labelSets = Gen.of(LABELS).injectNull(0.6);
    Gen<String> valid =
        r -> {
          String ts = tss.next(r);
          String service = services.next(r);
          String route = routes.next(r);
          String method = methods.next(r);
          String status = statuses.next(r);
          String duration = durations.next(r);
          String labels = labelSets.next(r);
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
        };
    Gen<String> mixed = fields().list(0, 9).map(f -> "{" + String.join(", ", f) + "}");
    Gen<String> notObjects = Gen.of("[]", "1", "\"x\"", "null", "[{\"a\":1}]");
    return Gen.frequencyOf(Gen.weight(6, valid), Gen.weight(3, mixed), Gen.weight(1, notObjects));
  }

  private static Gen<String> bodies() {
    Gen<String> separator = Gen.of("\n", "\r\n", "\r", "\n\n", " ", "\n  \n", "\n\t");
    Gen<List<String>> eventLists = events().list(0, 8);
    Gen<String> ndjson =
        r -> {
          List<String> events = eventLists.next(r);
          String sep = separator.next(r);
          return String.join(sep, events) + (events.isEmpty() ? "" : sep);
        };
    Gen<String> array =
        r -> {
          List<String> events = eventLists.next(r);
          String sep = separator.next(r);
          return "[" + String.join("," + sep, events) + "]";
        };
    return Gen.oneOf(ndjson, ndjson, array);
  }

  private static Gen<IngestLimits> limits() {
    IngestLimits d = IngestLimits.defaults();
    Gen<Integer> labelCounts = Gen.of(d.maxLabelsPerSeries(), 5, 6);
    Gen<Integer> names = Gen.of(d.maxLabelNameLength(), 5);
    Gen<Integer> values = Gen.of(d.maxLabelValueLength(), 3, 6);
    Gen<Integer> strings = Gen.of(d.maxJsonStringLength(), 2, 10, 25, 40);
    Gen<Integer> eventCounts = Gen.of(d.maxEventsPerRequest(), 4);
    return r ->
        new IngestLimits(
            d.maxCompressedBodyBytes(),
            d.maxDecompressedBodyBytes(),
            d.maxSeriesPerRequest(),
            d.maxSamplesPerRequest(),
            labelCounts.next(r),
            names.next(r),
            values.next(r),
            d.maxJsonNestingDepth(),
            strings.next(r),
            eventCounts.next(r),
            d.inlineDecodeMaxBytes());
  }

  @Test
  void decodesAsTheReference() {
    PropertyRunner.forAll(
        3000,
        bodies(),
        limits(),
        (body, limits) -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          assertThat(outcome(bytes, limits, false)).isEqualTo(outcome(bytes, limits, true));
        });
  }

  @Test
  void decodesAsTheReference_onMutatedBodies() {
    PropertyRunner.forAll(
        3000,
        bodies(),
        limits(),
        mutations(),
        EventsDecoderProperties::decodesAsTheReferenceOnMutatedBodies);
  }

  private static void decodesAsTheReferenceOnMutatedBodies(
      String body, IngestLimits limits, List<int[]> mutations) {
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

  private static Gen<List<int[]>> mutations() {
    Gen<Integer> bytes =
        Gen.oneOf(
            Gen.of(
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
            Gen.ints(0, 255));
    Gen<Integer> positions = Gen.ints(0, Integer.MAX_VALUE);
    Gen<Integer> kinds = Gen.ints(0, 2);
    Gen<int[]> edit = r -> new int[] {positions.next(r), kinds.next(r), bytes.next(r)};
    return edit.list(1, 3);
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
