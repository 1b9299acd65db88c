package dev.burnrate.bridge.internal.connector.stackstorm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.Pause;
import dev.burnrate.bridge.internal.connector.ToolJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * StackStorm's HTTP API as Burnrate calls it, for the connector's webhooks and executions and for
 * the request catalog's fulfilment: {@code St2-Api-Key}, StackStorm's {@code faultstring} as the
 * error text, and a 429 pausing every call, since the limit is the server's.
 */
public final class StackStormApi {
  private final URI url;
  private final String apiKey;

  /** The limit is the server's: a pause holds every call. */
  private final Pause pause = new Pause();

  private final Http http;

  /** The API at {@code url}, authenticated with {@code apiKey}. */
  public StackStormApi(URI url, String apiKey, Http http) {
    this.url = url;
    this.apiKey = apiKey;
    this.http = http;
  }

  /** StackStorm's word to wait (a 429's Retry-After), which every call heeds. */
  Pause pause() {
    return pause;
  }

  private URI uri(String path) {
    return Http.under(url, path);
  }

  private HttpRequest.Builder req(String path) {
    return http.request(uri(path)).header("St2-Api-Key", apiKey).header("User-Agent", "Burnrate");
  }

  /** GETs a path of the API. */
  public Http.Result get(String path, Instant now) throws InterruptedException {
    return send(req(path).GET().build(), now);
  }

  /** POSTs a JSON tree or record to a path of the API, with a trace tag when not null. */
  public Http.Result post(String path, String traceTag, Object body, Instant now)
      throws InterruptedException {
    HttpRequest.Builder b = req(path);
    if (traceTag != null) {
      b.header("St2-Trace-Tag", traceTag);
    }
    return send(Http.json(b, "POST", body), now);
  }

  /**
   * Sends a request; StackStorm's error body ({@code {"faultstring": ...}}) becomes the error text,
   * and a 429's Retry-After pauses the whole connector, since the limit is the server's.
   */
  private Http.Result send(HttpRequest r, Instant now) throws InterruptedException {
    Http.Result res = http.send(r, now);
    if (res.ok() || res.response() == null) {
      return res;
    }
    String fault = faultstring(res.body());
    String what =
        fault == null
            ? null
            : r.method() + " " + r.uri().getPath() + " answered " + res.status() + ": " + fault;
    Outcome failure = res.failure();
    if (failure instanceof Outcome.Retry retry) {
      pause.onTooManyRequests(res, now);
      if (what != null) {
        failure = new Outcome.Retry(retry.after(), what);
      }
    } else if (what != null) {
      failure = new Outcome.Rejected(what);
    }
    return new Http.Result(res.response(), failure);
  }

  /** The {@code faultstring} of a StackStorm error body, or null. */
  public static String faultstring(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode f = ToolJson.read(body).path("faultstring");
      return f.isTextual() ? Http.abbreviate(f.asText()) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A path segment or query value, encoded. */
  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
