package dev.burnrate.ingest.internal;

import dev.burnrate.http.HttpProblem;
import java.util.Map;

/** The problems ingest answers when a request breaks a limit or is malformed. */
public final class LimitProblems {
  private LimitProblems() {}

  /**
   * A 413 for a request larger than a size or count limit of {@link
   * dev.burnrate.ingest.limits.IngestLimits}.
   */
  public static HttpProblem tooLarge(String limit, long max, String what) {
    return HttpProblem.tooLarge(
        limit, max, what + " exceeds the limit " + limit + " = " + max + "; send smaller requests");
  }

  /**
   * A 400 for a series or value that breaks a per-item limit of {@link
   * dev.burnrate.ingest.limits.IngestLimits}.
   */
  public static HttpProblem overLimit(String limit, long max, String what) {
    return new HttpProblem(
        400,
        "Invalid request",
        what + " exceeds the limit " + limit + " = " + max,
        Map.of("limit", limit, "max", max));
  }

  /** A 400 for a body that cannot be decoded. */
  public static HttpProblem malformed(String format, String detail) {
    return new HttpProblem(
        400, "Invalid request", "malformed " + format + ": " + detail, Map.of("field", "body"));
  }
}
