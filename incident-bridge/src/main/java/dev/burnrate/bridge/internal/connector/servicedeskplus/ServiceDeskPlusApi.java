package dev.burnrate.bridge.internal.connector.servicedeskplus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.Pause;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.record.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ServiceDesk Plus's HTTP side: the {@code authtoken} or Zoho OAuth header, the {@code input_data}
 * form field, and the reading of an answer, whose {@code response_status} (not the HTTP status)
 * says whether a call worked; a rate limit pauses every call of the connector.
 */
final class ServiceDeskPlusApi {
  static final String ACCEPT = "application/vnd.manageengine.sdp.v3+json";

  /**
   * Message codes of a failed answer that a later attempt may get past: 4002 (the technician may
   * not do this yet: a role someone will fix, as 401/403), 4004 (internal error), 4015 (rate
   * limit). Every other code is about the input and is final for the message.
   */
  static final Set<Integer> RETRIED_CODES = Set.of(4002, 4004, 4015);

  private final ConnectorSettings settings;
  private final Http http;
  private final String authtoken;
  private final ZohoToken oauth;
  private final Pause pause = new Pause();

  /** ServiceDesk Plus's word to wait (a rate limit), which every call of the connector heeds. */
  Pause pause() {
    return pause;
  }

  ServiceDeskPlusApi(ConnectorSettings settings, Http http) {
    this.settings = settings;
    this.http = http;
    if (settings.secrets().containsKey("authtoken")) {
      this.authtoken = settings.secrets().get("authtoken").reveal();
      this.oauth = null;
    } else {
      this.authtoken = null;
      this.oauth =
          new ZohoToken(
              http,
              URI.create(
                  settings.option("accountsUrl", ServiceDeskPlusSettings.DEFAULT_ACCOUNTS_URL)),
              settings.secrets().get("clientId").reveal(),
              settings.secrets().get("clientSecret").reveal(),
              settings.secrets().get("refreshToken").reveal());
    }
  }

  /** An answer's JSON, or the outcome that ends the delivery. */
  record Reply(JsonNode body, Outcome failure) {
    boolean ok() {
      return failure == null;
    }
  }

  URI uri(String path) {
    return Http.under(settings.url(), path);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The query string of a read: {@code ?input_data=<JSON>}. */
  static String query(JsonNode inputData) {
    return "?input_data=" + enc(Json.write(inputData)).replace("+", "%20");
  }

  Reply get(String path, Instant now) throws InterruptedException {
    return call("GET", path, null, now);
  }

  Reply call(String method, String path, JsonNode inputData, Instant now)
      throws InterruptedException {
    Attempt a = attempt(method, path, inputData, now);
    if (a.tokenRefused()) {
      // A token may be revoked or expire early: refresh it once and try again.
      a = attempt(method, path, inputData, now);
    }
    return a.reply();
  }

  /** One call, and whether ServiceDesk Plus refused the OAuth token it carried. */
  private record Attempt(Reply reply, boolean tokenRefused) {}

  private Attempt attempt(String method, String path, JsonNode inputData, Instant now)
      throws InterruptedException {
    String token = null;
    HttpRequest.Builder b = http.request(uri(path)).setHeader("Accept", ACCEPT);
    if (oauth != null) {
      ZohoToken.Header h = oauth.header(now);
      if (h.failure() != null) {
        return new Attempt(new Reply(null, h.failure()), false);
      }
      token = h.token();
      b.header("Authorization", h.value());
    } else {
      b.header("authtoken", authtoken);
    }
    if (inputData == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/x-www-form-urlencoded")
          .method(
              method,
              HttpRequest.BodyPublishers.ofString(
                  "input_data=" + enc(Json.write(inputData)), StandardCharsets.UTF_8));
    }
    Http.Result res = http.send(b.build(), now);
    Reply r = read(method, path, res, now);
    if (r.failure() != null) {
      // ServiceDesk Plus's own messages are not masked by Http; nor is the access token, which
      // is not among the configured secrets.
      r = new Reply(r.body(), masked(r.failure(), token != null ? token : authtoken));
    }
    boolean refused = token != null && res.response() != null && res.status() == 401;
    if (refused) {
      oauth.refused(token);
    }
    return new Attempt(r, refused);
  }

  /** The error with a credential masked. */
  private static Outcome masked(Outcome o, String token) {
    return switch (o) {
      case Outcome.Retry r -> new Outcome.Retry(r.after(), r.error().replace(token, "***"));
      case Outcome.Rejected r -> new Outcome.Rejected(r.error().replace(token, "***"));
      case Outcome.Delivered d -> d;
    };
  }

  private Reply read(String method, String path, Http.Result res, Instant now) {
    if (res.response() == null) {
      return new Reply(null, res.failure());
    }
    int status = res.status();
    if (status == 429) {
      pause.onTooManyRequests(res, now);
      return new Reply(null, res.failure());
    }
    JsonNode body;
    try {
      body = res.body() == null || res.body().isBlank() ? null : ToolJson.read(res.body());
    } catch (IllegalArgumentException e) {
      body = null;
    }
    String what = method + " " + path.replaceAll("\\?.*", "") + " answered " + status;
    Outcome failed = body == null ? null : failure(body, what);
    if (failed instanceof Outcome.Retry retry && retry.error().contains("status_code 4015")) {
      pause.set(now.plus(Duration.ofSeconds(60)));
      failed = new Outcome.Retry(Duration.ofSeconds(60), retry.error());
    }
    if (!res.ok()) {
      // Http sorted the status; a failed body says more, and whether a 400 is worth a retry.
      if (failed == null || status == 401 || status == 403 || status >= 500) {
        return new Reply(null, res.failure());
      }
      return new Reply(null, failed);
    }
    if (failed != null) {
      return new Reply(null, failed);
    }
    if (body == null) {
      return new Reply(null, new Outcome.Retry(null, what + " with no JSON body"));
    }
    return new Reply(body, null);
  }

  /**
   * The outcome of an answer whose {@code response_status} says it failed ({@code status_code} 4000
   * or {@code status} "failed", as an object or, in list answers, an array), or null when it
   * succeeded. A message code in {@link #RETRIED_CODES} is retried; any other code (4001 invalid
   * value, 4007 not found, 4008 not unique, 4012 mandatory field, ...) is about the input and
   * rejects the message with ServiceDesk Plus's words. A failure without a message code is retried.
   */
  static Outcome failure(JsonNode body, String what) {
    JsonNode rs = body.path("response_status");
    List<JsonNode> statuses = new ArrayList<>();
    if (rs.isArray()) {
      rs.forEach(statuses::add);
    } else if (rs.isObject()) {
      statuses.add(rs);
    }
    boolean failed = false;
    List<Integer> codes = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (JsonNode s : statuses) {
      if (s.path("status_code").asInt(2000) >= 4000
          || s.path("status").asText().equalsIgnoreCase("failed")) {
        failed = true;
        texts.add("status_code " + s.path("status_code").asText());
        for (JsonNode m : s.path("messages")) {
          if (m.path("status_code").canConvertToInt()) {
            codes.add(m.path("status_code").asInt());
          }
          StringBuilder t = new StringBuilder("status_code " + m.path("status_code").asText());
          if (m.hasNonNull("field")) {
            t.append(" field ").append(m.path("field").asText());
          }
          if (m.hasNonNull("message")) {
            t.append(": ").append(m.path("message").asText());
          }
          texts.add(t.toString());
        }
      }
    }
    if (!failed) {
      return null;
    }
    String error = Http.abbreviate(what + ", response_status failed: " + String.join("; ", texts));
    boolean retried = codes.isEmpty() || codes.stream().anyMatch(RETRIED_CODES::contains);
    return retried ? new Outcome.Retry(null, error) : new Outcome.Rejected(error);
  }
}
