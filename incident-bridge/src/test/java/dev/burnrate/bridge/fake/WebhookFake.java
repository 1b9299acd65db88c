package dev.burnrate.bridge.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver that does what docs/incidents.md asks of one: verifies the HMAC signature and
 * its timestamp, dedupes deliveries by X-Burnrate-Delivery, keeps one record per record key.
 */
public final class WebhookFake extends FakeItsm {
  private final String secret;
  private final Set<String> seen = new HashSet<>();
  public final Map<String, JsonNode> records = new LinkedHashMap<>();
  public final List<String> events = new ArrayList<>();

  /** The last body received per record key, as sent. */
  public final Map<String, JsonNode> bodies = new LinkedHashMap<>();

  public int badSignatures;

  /** Headers a gateway in front of the receiver asks for; a mismatch is a 403 echoing them all. */
  public volatile Map<String, String> requiredHeaders = Map.of();

  /** The custom headers of the last request, as received. */
  public final Map<String, String> lastHeaders = new LinkedHashMap<>();

  private final java.time.Clock clock;

  public WebhookFake(String secret, java.time.Clock clock) {
    this.secret = secret;
    this.clock = clock;
  }

  @Override
  protected Answer handle(
      String method, String path, Map<String, String> query, JsonNode body, HttpExchange ex) {
    if (!method.equals("POST")) {
      return Answer.of(405, Map.of("error", "POST only"));
    }
    lastHeaders.clear();
    ex.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k, String.join(",", v)));
    for (Map.Entry<String, String> h : requiredHeaders.entrySet()) {
      if (!h.getValue().equals(ex.getRequestHeaders().getFirst(h.getKey()))) {
        return Answer.of(403, Map.of("error", "gateway refused", "headers", lastHeaders));
      }
    }
    String sig = ex.getRequestHeaders().getFirst("X-Burnrate-Signature");
    if (sig == null || !verify(sig, body)) {
      badSignatures++;
      return Answer.of(401, Map.of("error", "bad signature"));
    }
    String delivery = ex.getRequestHeaders().getFirst("X-Burnrate-Delivery");
    if (seen.add(delivery)) {
      JsonNode rec = body.path("record");
      records.put(rec.path("key").asText(), rec);
      bodies.put(rec.path("key").asText(), body);
      events.add(rec.path("key").asText() + " " + body.path("event").asText());
    }
    return Answer.of(200, Map.of("received", delivery));
  }

  private boolean verify(String header, JsonNode body) {
    try {
      String[] parts = header.split(",");
      long t = Long.parseLong(parts[0].substring(2));
      if (Math.abs(clock.instant().getEpochSecond() - t) > 300) {
        return false;
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String raw = rawBody;
      String expected =
          HexFormat.of().formatHex(mac.doFinal((t + "." + raw).getBytes(StandardCharsets.UTF_8)));
      return parts[1].equals("v1=" + expected);
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public synchronized int recordCount() {
    return records.size();
  }

  @Override
  public synchronized int recordsFor(String key) {
    return records.containsKey(key) ? 1 : 0;
  }

  @Override
  public synchronized String state(String key) {
    JsonNode r = records.get(key);
    return r == null ? null : r.path("state").asText();
  }
}
