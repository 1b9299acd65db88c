package dev.burnrate.ingest.limits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.LimitProblems;
import java.io.IOException;
import java.util.Map;

/** JSON parsing with the nesting depth and string length of {@link IngestLimits} enforced. */
public final class BoundedJson {
  private BoundedJson() {}

  /** A Jackson factory whose parsers enforce the limits. */
  public static JsonFactory factory(IngestLimits limits) {
    return JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonNestingDepth())
                .maxStringLength(limits.maxJsonStringLength())
                .maxNumberLength(64)
                .maxNameLength(Math.min(limits.maxJsonStringLength(), 50_000))
                .build())
        .build();
  }

  /** A parser over a decompressed body. */
  public static JsonParser parser(JsonFactory factory, byte[] body) {
    try {
      return factory.createParser(body);
    } catch (IOException e) {
      throw LimitProblems.malformed("JSON", String.valueOf(e.getMessage()));
    }
  }

  /**
   * The problem for a parse failure: a limit named as such, otherwise malformed JSON with its line
   * and column.
   */
  public static HttpProblem problem(IOException e, IngestLimits limits) {
    if (e instanceof StreamConstraintsException) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("nesting depth")) {
        return LimitProblems.overLimit(
            "maxJsonNestingDepth", limits.maxJsonNestingDepth(), "the JSON nesting depth");
      }
      if (msg.contains("String value length") || msg.contains("Name length")) {
        return LimitProblems.tooLarge(
            "maxJsonStringLength", limits.maxJsonStringLength(), "a JSON string");
      }
      if (msg.contains("Number value length")) {
        return new HttpProblem(
            400,
            "Invalid request",
            "a JSON number is longer than 64 characters",
            Map.of("field", "body"));
      }
      return LimitProblems.malformed("JSON", msg);
    }
    String msg = String.valueOf(e.getMessage());
    // Jackson appends the source excerpt after a newline; the first line says what is wrong.
    int nl = msg.indexOf('\n');
    String first = nl < 0 ? msg : msg.substring(0, nl);
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
        && jpe.getLocation() != null) {
      first +=
          " (line "
              + jpe.getLocation().getLineNr()
              + ", column "
              + jpe.getLocation().getColumnNr()
              + ")";
    }
    return LimitProblems.malformed("JSON", first);
  }
}
