package dev.burnrate.bridge.internal.connector;

import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.record.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** HTTP calls to the tools, with their failures sorted into retry and reject. */
public final class Http {
  private final HttpClient client;
  private final Duration timeout;
  private final Redaction redaction;
  private final List<RetryHint> hints;

  /** A client with no credentials to mask. */
  public Http(Duration timeout) {
    this(timeout, Redaction.none());
  }

  /** A client whose error texts have the connector's credentials masked. */
  public Http(Duration timeout, Redaction redaction) {
    this.timeout = timeout;
    this.redaction = redaction;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.hints = List.of(RetryHint.retryAfter());
  }

  /** A client over an existing HTTP client (its own connect timeout and redirects). */
  public Http(HttpClient client, Duration timeout) {
    this.timeout = timeout;
    this.redaction = Redaction.none();
    this.client = client;
    this.hints = List.of(RetryHint.retryAfter());
  }

  private Http(Http base, List<RetryHint> hints) {
    this.client = base.client;
    this.timeout = base.timeout;
    this.redaction = base.redaction;
    this.hints = List.copyOf(hints);
  }

  /**
   * This client reading the wait of a retried answer from these hints instead, the first that
   * parses winning (by default {@code Retry-After} alone).
   */
  public Http withRetryHints(List<RetryHint> hints) {
    return new Http(this, hints);
  }

  /** A response, or the outcome that ends the delivery. */
  public record Result(HttpResponse<String> response, Outcome failure) {
    /** Whether the call succeeded. */
    public boolean ok() {
      return failure == null;
    }

    /** The response status. */
    public int status() {
      return response.statusCode();
    }

    /** The response body. */
    public String body() {
      return response.body();
    }
  }

  /** A request to {@code uri} with the timeout and JSON accepted. */
  public HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
  }

  /** The Basic authorization header of a user and password. */
  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON request body. */
  public static HttpRequest.BodyPublisher json(String body) {
    return HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
  }

  /**
   * The request of {@code method} with {@code body} (a JSON tree or a record) written as its JSON
   * and {@code Content-Type: application/json}.
   */
  public static HttpRequest json(HttpRequest.Builder b, String method, Object body) {
    return b.header("Content-Type", "application/json")
        .method(method, json(Json.write(body)))
        .build();
  }

  /**
   * Sends a request. 2xx (and statuses listed in {@code alsoOk}) are responses; 429, 408, 5xx,
   * 401/403 (a credential someone will fix) and I/O errors are retries; other 4xx are rejections.
   */
  public Result send(HttpRequest req, Instant now, int... alsoOk) throws InterruptedException {
    HttpResponse<String> r;
    try {
      r = client.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(
          null,
          new Outcome.Retry(
              null, redaction.apply(req.method() + " " + req.uri().getPath() + ": " + e)));
    }
    int s = r.statusCode();
    for (int ok : alsoOk) {
      if (s == ok) {
        return new Result(r, null);
      }
    }
    if (s >= 200 && s < 300) {
      return new Result(r, null);
    }
    // Masked before it is cut, so that no prefix of a secret survives the cut.
    String what =
        req.method()
            + " "
            + req.uri().getPath()
            + " answered "
            + s
            + ": "
            + abbreviate(redaction.mask(r.body()));
    if (s == 429 || s == 408 || s >= 500 || s == 401 || s == 403) {
      return new Result(r, new Outcome.Retry(retryWait(r, now).orElse(null), what));
    }
    return new Result(r, new Outcome.Rejected(what));
  }

  /** The wait a retried answer asks for, by the first of this client's hints that parses. */
  public Optional<Duration> retryWait(HttpResponse<?> r, Instant now) {
    for (RetryHint h : hints) {
      Optional<Duration> d = h.read(r.statusCode(), r.headers(), now);
      if (d.isPresent()) {
        return d;
      }
    }
    return Optional.empty();
  }

  /** Retry-After as seconds or an HTTP date, capped at {@link RetryHint#DEFAULT_CAP}. */
  public static Optional<Duration> retryAfter(HttpResponse<?> r, Instant now) {
    return retryAfter(r.headers().firstValue("Retry-After"), now);
  }

  /** A Retry-After value: delay-seconds or an HTTP-date (RFC 9110), capped likewise. */
  public static Optional<Duration> retryAfter(Optional<String> h, Instant now) {
    return RetryHint.retryAfter().read(h, now);
  }

  /** A response text short enough to store as an error. */
  public static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  /**
   * A 429 as a retry after {@code wait}, its error followed by the tool's rate-limit headers, such
   * as {@code (X-RateLimit-Limit 60, X-RateLimit-Reset 12)}, so an operator sees the budget.
   */
  public static Result rateLimited(Result res, Duration wait, String... headers) {
    String retried = res.failure() instanceof Outcome.Retry retry ? retry.error() : "";
    StringBuilder error = new StringBuilder(retried).append(" (");
    for (int i = 0; i < headers.length; i++) {
      error
          .append(i == 0 ? "" : ", ")
          .append(headers[i])
          .append(' ')
          .append(res.response().headers().firstValue(headers[i]).orElse("?"));
    }
    return new Result(res.response(), new Outcome.Retry(wait, error.append(')').toString()));
  }

  /** A path under a base URL, keeping the base's own path (a proxy's prefix). */
  public static URI under(URI base, String path) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
  }
}
