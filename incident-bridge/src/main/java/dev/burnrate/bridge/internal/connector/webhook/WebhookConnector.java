package dev.burnrate.bridge.internal.connector.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Secret;
import dev.burnrate.bridge.internal.connector.Connector;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot;
import dev.burnrate.bridge.internal.outbox.OutboxJson;
import dev.burnrate.bridge.internal.record.Json;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic signed webhook: each event is POSTed as JSON, signed with HMAC-SHA256 over {@code
 * timestamp + "." + body}. The {@code X-Burnrate-Delivery} id is the same on every retry of an
 * event, so receivers dedupe on it; {@code record.key} names the record. Custom {@code headers} (an
 * API key a gateway asks for, say) go with every request; their values are secrets.
 */
public final class WebhookConnector implements Connector {
  /** The signature header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>}. */
  static final String SIGNATURE = "X-Burnrate-Signature";

  private final ConnectorSettings settings;
  private final Http http;
  private final Clock clock;
  private final Map<String, Secret> headers;

  public WebhookConnector(ConnectorSettings settings, Http http, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
    this.headers = WebhookHeaders.of(settings);
  }

  @Override
  public String name() {
    return settings.name();
  }

  static String deliveryId(long outboxId) {
    return "burnrate-" + outboxId;
  }

  /** The HMAC-SHA256 signature of a body sent at {@code timestamp}, as the header carries it. */
  public static String sign(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] h = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(h);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Outcome deliver(Delivery d) throws InterruptedException {
    ObjectNode body = ToolJson.object();
    body.put("id", deliveryId(d.id()));
    body.put("event", d.event());
    body.put("message", d.message());
    body.set("record", OutboxJson.MAPPER.valueToTree(d.record()));
    if (d.record() instanceof IncidentSnapshot i && i.assignment() != null) {
      body.set("assignment", OutboxJson.MAPPER.valueToTree(i.assignment()));
    }
    String json = Json.write(body);
    long ts = clock.instant().getEpochSecond();
    HttpRequest.Builder req =
        http.request(settings.url())
            .header("Content-Type", "application/json")
            .header("User-Agent", "Burnrate")
            .header("X-Burnrate-Event", d.event())
            .header("X-Burnrate-Delivery", deliveryId(d.id()))
            .header(SIGNATURE, sign(settings.secrets().get("secret").reveal(), ts, json));
    headers.forEach((name, value) -> req.header(name, value.reveal()));
    Http.Result r = http.send(req.POST(Http.json(json)).build(), d.now());
    if (!r.ok()) {
      return r.failure();
    }
    if (d.refs().find(d.key()).isEmpty()) {
      String id = d.key();
      try {
        JsonNode resp = ToolJson.read(r.body() == null || r.body().isBlank() ? "{}" : r.body());
        if (resp.path("id").isTextual()) {
          id = resp.path("id").asText();
        }
      } catch (IllegalArgumentException e) {
        // A receiver need not answer JSON; the record key then names the external record.
      }
      d.refs().store(d.key(), new ExternalRef(id, null, null));
    }
    return new Outcome.Delivered();
  }
}
