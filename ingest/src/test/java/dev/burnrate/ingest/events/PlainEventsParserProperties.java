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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The plain-shape reader against {@link ReferenceEventsDecoder}: it reads every plain valid body,
 * exactly as the reference does, and whatever it accepts after any small change to such a body, the
 * reference accepts with the same events.
 */
class PlainEventsParserProperties {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-24T14:00:00Z"), ZoneOffset.UTC);
  private static final IngestLimits LIMITS = IngestLimits.defaults();

  private static List<RequestEvent> plain(byte[] body, IngestLimits limits) {
    return PlainEventsParser.parse(
        body,
        limits,
        BoundedJson.factory(limits).streamReadConstraints(),
        CLOCK,
        new RepeatedStrings(limits.maxJsonStringLength()));
  }

  private static Object reference(byte[] body, IngestLimits limits) {
    try {
      return ReferenceEventsDecoder.decode(body, BoundedJson.factory(limits), limits, CLOCK);
    } catch (HttpProblem p) {
      return "problem " + p.status() + ": " + p.detail();
    }
  }

  private static Gen<String> plainBodies() {
    Gen<String> ws = Gen.of("", "", "", " ", "\t", "\r\n ", "  ");
    Gen<String> tss =
        Gen.of(
                "1795960000123",
                "100000000000",
                "999999999999999999",
                "\"2026-11-24T13:59:00.250Z\"",
                "\"2026-11-24t13:59:00z\"",
                "\"2026-11-24 13:59:00.123456789Z\"")
            .injectNull(0.3);
    Gen<String> services =
        Gen.of("api", "svc-1", "a b", "x/y?z=1", "~!@#$%^&*()_+{}[]|:;'<>,.")
            .map(s -> "\"" + s + "\"");
    Gen<String> routes = Gen.of("/", "/api/orders", "/a/{id}").map(s -> "\"" + s + "\"");
    Gen<String> methods = Gen.of("GET", "POST", "get").map(s -> "\"" + s + "\"");
    Gen<String> statuses = Gen.of("100", "200", "404", "503", "599", "199", "500");
    Gen<String> durations =
        Gen.of("0", "0.0", "12", "12.5", "300.001", "431.7", "9007199254740992", "1234.5678");
    Gen<String> labelSets =
        Gen.of(
                "{}",
                "{\"region\":\"eu\"}",
                "{\"region\":\"\",\"zone\":\"a\"}",
                "{\"zone\":\"west\",\"az\":\"central\"}",
                "{ \"_x\" : \"1\" , \"A9\":\"b\" }",
                "{\"http\":\"x\",\"jobs\":\"y\",\"lee\":\"z\",\"http_x\":\"w\"}")
            .injectNull(0.5);
    Gen<List<String>> fields =
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
          return f;
        };
    Gen<Long> seeds = Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE);
    Gen<String> event =
        r -> {
          List<String> f = fields.next(r);
          String w = ws.next(r);
          long seed = seeds.next(r);
          List<String> shuffled = new ArrayList<>(f);
          Collections.shuffle(shuffled, new Random(seed));
          List<String> spaced = new ArrayList<>();
          for (String x : shuffled) {
            int colon = x.indexOf(':');
            spaced.add(w + x.substring(0, colon) + w + ":" + w + x.substring(colon + 1) + w);
          }
          return "{" + w + String.join(",", spaced) + w + "}";
        };
    Gen<String> separator = Gen.of("\n", "\r\n", "\n\n", " ", "\t\n");
    Gen<List<String>> eventLists = event.list(1, 6);
    Gen<String> ndjson =
        r -> {
          List<String> events = eventLists.next(r);
          String sep = separator.next(r);
          String w = ws.next(r);
          return w + String.join(sep, events) + sep;
        };
    Gen<String> array =
        r -> {
          List<String> events = eventLists.next(r);
          String sep = separator.next(r);
          String w = ws.next(r);
          return w + "[" + w + String.join("," + sep, events) + w + "]" + w;
        };
    return Gen.oneOf(ndjson, array);
  }

  @Test
  void readsEveryPlainValidBody_asTheReference() {
    PropertyRunner.forAll(
        2000,
        plainBodies(),
        body -> {
          byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
          List<RequestEvent> events = plain(bytes, LIMITS);
          assertThat(events).as(body).isNotNull();
          assertThat(events).isEqualTo(reference(bytes, LIMITS));
        });
  }

  @Test
  void acceptsOnlyWhatTheReferenceAccepts_withTheSameEvents() {
    PropertyRunner.forAll(
        5000,
        plainBodies(),
        edits(),
        limits(),
        PlainEventsParserProperties::acceptsOnlyWhatTheReferenceAcceptsAfterEdits);
  }

  private static void acceptsOnlyWhatTheReferenceAcceptsAfterEdits(
      String body, List<int[]> edits, IngestLimits limits) {
    byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
    for (int[] e : edits) {
      if (bytes.length == 0) {
        break;
      }
      int at = Math.floorMod(e[0], bytes.length);
      byte value = (byte) e[2];
      bytes =
          switch (e[1]) {
            case 0 -> remove(bytes, at);
            case 1 -> replace(bytes, at, value);
            default -> insert(bytes, at, value);
          };
    }
    List<RequestEvent> events = plain(bytes, limits);
    if (events != null) {
      assertThat((Object) events)
          .as(new String(bytes, StandardCharsets.ISO_8859_1))
          .isEqualTo(reference(bytes, limits));
    }
  }

  private static Gen<List<int[]>> edits() {
    Gen<Integer> bytes =
        Gen.oneOf(
            Gen.of(
                (int) '"',
                (int) ',',
                (int) ':',
                (int) '{',
                (int) '}',
                (int) '[',
                (int) ']',
                (int) '\n',
                (int) ' ',
                (int) '.',
                (int) '0',
                (int) '5',
                (int) 'e',
                (int) '-',
                (int) '+',
                (int) '\\',
                (int) '_',
                (int) 'Z',
                0x00,
                0x7f,
                0xc3,
                0xff),
            Gen.ints('0', '9'),
            Gen.ints(0, 255));
    Gen<Integer> positions = Gen.ints(0, Integer.MAX_VALUE);
    Gen<Integer> kinds = Gen.ints(0, 2);
    Gen<int[]> edit = r -> new int[] {positions.next(r), kinds.next(r), bytes.next(r)};
    return edit.list(0, 2);
  }

  private static Gen<IngestLimits> limits() {
    IngestLimits d = IngestLimits.defaults();
    Gen<Integer> labelCounts = Gen.of(d.maxLabelsPerSeries(), 5, 6);
    Gen<Integer> names = Gen.of(d.maxLabelNameLength(), 2, 4);
    Gen<Integer> values = Gen.of(d.maxLabelValueLength(), 3, 6);
    Gen<Integer> strings = Gen.of(d.maxJsonStringLength(), 2, 5, 10, 24, 30);
    Gen<Integer> eventCounts = Gen.of(d.maxEventsPerRequest(), 1, 3);
    Gen<Integer> depths = Gen.of(d.maxJsonNestingDepth(), 2, 3);
    return r -> {
      int labels = labelCounts.next(r);
      int name = names.next(r);
      int value = values.next(r);
      int string = strings.next(r);
      int events = eventCounts.next(r);
      int depth = depths.next(r);
      return new IngestLimits(
          d.maxCompressedBodyBytes(),
          d.maxDecompressedBodyBytes(),
          d.maxSeriesPerRequest(),
          d.maxSamplesPerRequest(),
          labels,
          name,
          value,
          depth,
          string,
          events,
          d.inlineDecodeMaxBytes());
    };
  }

  /** One valid event but for one field, which takes a value at or around a boundary. */
  private static Gen<String> boundaryEvents() {
    Gen<String> plainText = Gen.strings("ab/_-. ~\u007f", 0, 12).map(v -> "\"" + v + "\"");
    Gen<String> oddText =
        Gen.of(
            "\"a\\\"b\"", "\"a\\\\b\"", "\"caf\u00e9\"", "\"caf\\u00e9\"", "\"a\tb\"", "1", "null");
    Gen<String> text = Gen.frequencyOf(Gen.weight(6, plainText), Gen.weight(1, oddText));
    Gen<String> ts =
        Gen.of(
            "100000000000",
            "99999999999",
            "099999999999",
            "999999999999999999",
            "1000000000000000000",
            "9223372036854775807",
            "9223372036854775808",
            "-100000000000",
            "1795960000123.0",
            "\"2026-11-24T13:59:00Z\"",
            "\"2026-11-24T13:59:00.1234567891Z\"",
            "\"2026-11-24T13:59:00.Z\"");
    Gen<String> status =
        Gen.of(
            "99", "099", "100", "599", "600", "0200", "200", "1000", "20", "-200", "2e2", "200.");
    Gen<String> duration =
        Gen.of(
            "0",
            "00",
            "0.",
            ".5",
            "-0",
            "-0.0",
            "1e2",
            "1E-2",
            "0.5",
            "12.50",
            "9007199254740992",
            "9007199254740993",
            "900719925474099.2",
            "123456789012345678",
            "1234567890123456789",
            "0.1234567890123456789");
    Gen<String> labelNames =
        Gen.of(
            "a",
            "ab",
            "abc",
            "abcde",
            "_",
            "__",
            "_a",
            "a_",
            "le",
            "job",
            "jo",
            "http_route",
            "http_routes",
            "http_",
            "A1",
            "1A",
            "");
    Gen<String> label = r -> "\"" + labelNames.next(r) + "\":" + text.next(r);
    Gen<String> labels = label.list(0, 3).map(l -> "{" + String.join(",", l) + "}");
    return Gen.oneOf(
        ts.map(t -> event("\"ts\":" + t, "")),
        text.map(v -> event("\"service\":" + v, "service")),
        text.map(v -> event("\"route\":" + v, "route")),
        status.map(v -> event("\"status\":" + v, "status")),
        duration.map(v -> event("\"duration_ms\":" + v, "duration_ms")),
        labels.map(v -> event("\"labels\":" + v, "")));
  }

  private static String event(String field, String replaces) {
    List<String> fields = new ArrayList<>();
    for (String f :
        List.of(
            "\"service\":\"a\"",
            "\"route\":\"/\"",
            "\"method\":\"GET\"",
            "\"status\":200",
            "\"duration_ms\":1.5")) {
      if (!f.startsWith("\"" + replaces + "\"")) {
        fields.add(f);
      }
    }
    fields.add(field);
    return "{" + String.join(",", fields) + "}\n";
  }

  @Test
  void acceptsOnlyWhatTheReferenceAccepts_atEveryBoundary() {
    PropertyRunner.forAll(
        5000,
        boundaryEvents(),
        limits(),
        (body, limits) -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          List<RequestEvent> events = plain(bytes, limits);
          if (events != null) {
            assertThat((Object) events).as(body).isEqualTo(reference(bytes, limits));
          }
        });
  }

  private static byte[] remove(byte[] b, int at) {
    byte[] out = new byte[b.length - 1];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(b, at + 1, out, at, b.length - at - 1);
    return out;
  }

  private static byte[] replace(byte[] b, int at, byte value) {
    byte[] out = b.clone();
    out[at] = value;
    return out;
  }

  private static byte[] insert(byte[] b, int at, byte value) {
    byte[] out = new byte[b.length + 1];
    System.arraycopy(b, 0, out, 0, at);
    out[at] = value;
    System.arraycopy(b, at, out, at + 1, b.length - at);
    return out;
  }

  @Test
  void declinesWhatJacksonMustJudge() {
    String e =
        "{\"service\":\"a\",\"route\":\"/\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1";
    for (String body :
        new String[] {
          "",
          " \n",
          "[]",
          "[" + e + "},]",
          e + "}" + e + "}", // objects run together
          e + "},\n" + e + "}",
          e + "}]",
          "[" + e + "}",
          e + ",\"x\":1}",
          e + ",\"service\":\"b\"}",
          e + ",\"labels\":{\"job\":\"x\"}}",
          e + ",\"labels\":{\"http_route\":\"x\"}}",
          e + ",\"labels\":{\"le\":\"x\"}}",
          e + ",\"labels\":{\"__x\":\"x\"}}",
          e + ",\"labels\":{\"9x\":\"x\"}}",
          e + ",\"labels\":{\"a\":\"x\",\"a\":\"y\"}}",
          e + ",\"labels\":{\"a\":1}}",
          e + ",\"ts\":1795960000}", // epoch seconds
          e + ",\"ts\":\"2026-11-24T13:59:00+01:00\"}",
          e + ",\"ts\":01795960000123}",
          e + "e3}",
          e + ".}",
          e.replace("\"duration_ms\":1", "\"duration_ms\":01") + "}", // a leading zero
          "{\"service\":\"caf\\u00e9\",\"route\":\"/\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}",
          "{\"service\":\"caf\u00e9\",\"route\":\"/\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}",
          "{\"service\":\"\",\"route\":\"/\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}",
          "{\"service\":\"a\",\"route\":\"/\",\"method\":\"GET\",\"status\":2000,\"duration_ms\":1}",
          "{\"service\":\"a\",\"route\":\"/\",\"method\":\"GET\",\"status\":200.0,\"duration_ms\":1}",
          "{\"service\":\"a\",\"route\":\"/\",\"method\":\"GET\",\"status\":200,\"duration_ms\":-0}",
          "{\"service\":\"a\",\"route\":\"/\",\"method\":\"GET\",\"status\":200}",
          "\ufeff" + e + "}",
        }) {
      assertThat(plain(body.getBytes(StandardCharsets.UTF_8), LIMITS)).as(body).isNull();
    }
    assertThat(plain((e + "}\n").getBytes(StandardCharsets.UTF_8), LIMITS)).hasSize(1);
    assertThat(
            plain(
                (e + "}\n" + e + "}").getBytes(StandardCharsets.UTF_8),
                LIMITS.toBuilder().maxEventsPerRequest(1).build()))
        .isNull();
    assertThat(Arrays.asList(LIMITS.maxJsonNestingDepth())).isNotEmpty();
  }
}
