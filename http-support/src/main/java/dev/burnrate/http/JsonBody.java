package dev.burnrate.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The JSON object a write request sends, read strictly. */
public final class JsonBody {
  private JsonBody() {}

  /**
   * The request's body as a JSON object.
   *
   * @throws HttpProblem a 400 naming {@code body} when it is empty, not UTF-8, not JSON or not an
   *     object
   */
  public static JsonObject object(RoutingContext ctx) {
    try {
      byte[] raw = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
      Object parsed = raw.length == 0 ? null : Json.decodeValue(Utf8.decode(raw, "body"));
      if (!(parsed instanceof JsonObject body)) {
        throw HttpProblem.badRequest("body", "send a JSON object");
      }
      return body;
    } catch (DecodeException e) {
      throw HttpProblem.badRequest("body", "the body is not a JSON object: " + e.getMessage());
    }
  }
}
