package dev.burnrate.bridge.internal.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/** What people do to service requests: file one, approve or reject it (four eyes), read. */
public final class RequestService {
  /** The longest a freeze exception or budget reset may be valid. */
  public static final Duration MAX_VALIDITY = Duration.ofDays(30);

  private final BridgeContext ctx;

  /** A service over a context. */
  public RequestService(BridgeContext ctx) {
    this.ctx = ctx;
  }

  private static ServiceRequest find(Connection c, String key, boolean lock) throws SQLException {
    return RequestSql.request(c, key, lock)
        .orElseThrow(() -> BridgeException.notFound("no request " + key));
  }

  /** A page of requests. */
  public ObjectNode list(ListFilter f, String type) {
    Instant now = ctx.now();
    return ctx.page(f, c -> RequestSql.requests(c, f, type), (c, r) -> RequestView.of(r, now));
  }

  /** One request. */
  public ObjectNode request(String key) {
    Instant now = ctx.now();
    return ctx.db().tx(c -> RequestView.of(find(c, key, false), now));
  }

  /** Files a request. */
  public ObjectNode file(
      String type,
      String service,
      String slo,
      String reason,
      String by,
      Instant validFrom,
      Instant validUntil) {
    ctx.checkService("service", service);
    Instant now = ctx.now();
    Instant from = validFrom == null ? now : validFrom;
    if (!validUntil.isAfter(from)) {
      throw BridgeException.invalid(
          "validUntil", "validUntil must be after validFrom (" + from + ")");
    }
    if (Duration.between(from, validUntil).compareTo(MAX_VALIDITY) > 0) {
      throw BridgeException.invalid("validUntil", "a request is valid for at most 30d");
    }
    if (!validUntil.isAfter(now)) {
      throw BridgeException.invalid("validUntil", "validUntil is in the past");
    }
    return ctx.tx(
        c -> {
          ServiceRequest r =
              RequestSql.insertRequest(
                  c,
                  new ServiceRequest(
                      0,
                      "",
                      type,
                      service,
                      slo,
                      RequestState.PENDING,
                      reason,
                      by,
                      now,
                      from,
                      validUntil,
                      null,
                      null,
                      null));
          TimelineSql.append(
              c,
              r.key(),
              now,
              "requested",
              "Requested by " + by + ": " + reason,
              by,
              Json.object());
          return RequestView.of(r, now);
        });
  }

  /** Approves or rejects a pending request. */
  public ObjectNode decide(String key, boolean approve, String by, String comment) {
    return ctx.tx(
        c -> {
          ServiceRequest r = find(c, key, true);
          Instant now = ctx.now();
          ServiceRequest next = r.decide(approve, by, now, comment);
          RequestSql.decideRequest(c, next);
          TimelineSql.append(
              c,
              key,
              now,
              next.state().wire(),
              (approve ? "Approved" : "Rejected")
                  + " by "
                  + by
                  + (comment == null ? "" : ": " + comment),
              by,
              Json.object());
          return RequestView.of(next, now);
        });
  }
}
