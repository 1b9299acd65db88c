package dev.burnrate.http;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * An error to answer as RFC 9457 {@code application/problem+json}: throw it (or pass it to {@code
 * RoutingContext.fail}) and {@link Problems#failureHandler()} writes it.
 */
public final class HttpProblem extends RuntimeException {
  private final int status;
  private final String title;
  private final Map<String, Object> extensions;

  /**
   * An error with a status, a short title and a detail a person can act on.
   *
   * @param status the HTTP status code
   * @param title a short summary that does not change between occurrences
   * @param detail what was wrong in this request and what is allowed
   * @param extensions extra members of the problem document, such as {@code field} or {@code limit}
   */
  public HttpProblem(int status, String title, String detail, Map<String, Object> extensions) {
    super(detail);
    this.status = status;
    this.title = requireNonNull(title, "title");
    this.extensions = Map.copyOf(extensions);
  }

  /** An error with no extension members. */
  public HttpProblem(int status, String title, String detail) {
    this(status, title, detail, Map.of());
  }

  /** A 400 naming the field that was wrong. */
  public static HttpProblem badRequest(String field, String detail) {
    return new HttpProblem(400, "Invalid request", detail, Map.of("field", field));
  }

  /** A 413 naming the limit that was exceeded. */
  public static HttpProblem tooLarge(String limit, long max, String detail) {
    return new HttpProblem(413, "Request too large", detail, Map.of("limit", limit, "max", max));
  }

  /** A 404 for a resource that does not exist. */
  public static HttpProblem notFound(String detail) {
    return new HttpProblem(404, "Not found", detail);
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** The problem's title. */
  public String title() {
    return title;
  }

  /** The problem's detail. */
  public String detail() {
    return getMessage();
  }

  /** Extra members of the problem document. */
  public Map<String, Object> extensions() {
    return extensions;
  }
}
