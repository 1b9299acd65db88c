package dev.burnrate.bridge.internal.request;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.bridge.internal.record.Page;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** What people do to service requests: file one, approve or reject it (four eyes), read. */
public final class RequestService {
  /** The longest a freeze exception or budget reset may be valid. */
  public static final Duration MAX_VALIDITY = Duration.ofDays(30);

  private final BridgeContext ctx;
  private final FulfilmentWorker worker;

  /** A service over a context. */
  public RequestService(BridgeContext ctx) {
    this.ctx = ctx;
    this.worker = new FulfilmentWorker(ctx);
  }

  private RequestType type(ServiceRequest r) {
    return ctx.catalog()
        .requests()
        .type(r.type())
        .orElseThrow(
            () ->
                BridgeException.conflict(
                    r.key() + " is of type " + r.type() + ", which the catalog no longer has"));
  }

  private RequestType type(String name) {
    return ctx.catalog()
        .requests()
        .type(name)
        .orElseThrow(() -> BridgeException.notFound("no request type " + name));
  }

  /** Every request type. */
  public Page<RequestTypeView> types() {
    return Page.all(ctx.catalog().requests().types().stream().map(RequestTypeView::of).toList());
  }

  /** One request type. */
  public RequestTypeView typeView(String name) {
    return RequestTypeView.of(type(name));
  }

  /** Whether {@code name} is a request type of the catalog. */
  public boolean knowsType(String name) {
    return ctx.catalog().requests().type(name).isPresent();
  }

  /**
   * Submits a request of a type with its fields, checked against the type (a 400 names the field);
   * a built-in type's fields are those of {@code POST /requests}.
   */
  public RequestView submit(String typeName, Map<String, Object> fields, String by) {
    RequestType t = type(typeName);
    if (t.builtIn()) {
      return submitBuiltIn(t, fields, by);
    }
    Map<String, Object> checked = RequestFields.check(t, fields);
    Instant now = ctx.now();
    return ctx.tx(
        c -> {
          ServiceRequest r =
              RequestSql.insertRequest(c, ServiceRequest.submitted(t, checked, by, now));
          TimelineSql.append(
              c,
              r.key(),
              now,
              "requested",
              "Requested by "
                  + by
                  + (r.state() == RequestState.PENDING
                      ? "; waits for approval"
                      : "; needs no approval"
                          + (r.state() == RequestState.FULFILLING
                              ? ", fulfilment by " + t.fulfilment().mode() + " follows"
                              : "")),
              by,
              null);
          return RequestView.of(r, now);
        });
  }

  private RequestView submitBuiltIn(RequestType t, Map<String, Object> fields, String by) {
    RequestFields.BuiltIn b = RequestFields.builtIn(t, fields, ctx.now(), MAX_VALIDITY);
    return file(t.name(), b.service(), b.slo(), b.reason(), by, b.validFrom(), b.validUntil());
  }

  /** Records that a person fulfilled (or failed to fulfil) an approved request of a manual type. */
  public RequestView fulfil(String key, boolean success, String by, String outcome) {
    return ctx.tx(
        c -> {
          ServiceRequest r = find(c, key, true);
          Instant now = ctx.now();
          FulfilmentOutcome result = FulfilmentOutcome.manual(success, outcome);
          ServiceRequest next = r.fulfilledByHand(type(r), success, by, result, now);
          RequestSql.updateFulfilment(c, next);
          String what = success ? "Fulfilled" : "Fulfilment failed";
          return logged(c, next, now, said(what, by, outcome), by, result);
        });
  }

  /**
   * Advances automated fulfilment: starts what was approved, follows what runs, records outcomes.
   * Blocks on the database and on the automation's HTTP calls; the bridge's ticker calls it.
   */
  public int runFulfilment() {
    try {
      return worker.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static ServiceRequest find(Connection c, String key, boolean lock) throws SQLException {
    return RequestSql.request(c, key, lock)
        .orElseThrow(() -> BridgeException.notFound("no request " + key));
  }

  /** A page of requests. */
  public Page<RequestView> list(ListFilter f, String type) {
    Instant now = ctx.now();
    return ctx.page(
        f,
        c -> RequestSql.requests(c, f, type),
        ServiceRequest::key,
        (c, r) -> RequestView.of(r, now));
  }

  /** One request. */
  public RequestView request(String key) {
    Instant now = ctx.now();
    return ctx.db().tx(c -> RequestView.of(find(c, key, false), now));
  }

  /** Files a request. */
  public RequestView file(
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
                  c, ServiceRequest.builtIn(type, service, slo, reason, by, now, from, validUntil));
          TimelineSql.append(
              c, r.key(), now, "requested", "Requested by " + by + ": " + reason, by, null);
          return RequestView.of(r, now);
        });
  }

  /** Approves or rejects a pending request. */
  public RequestView decide(String key, boolean approve, String by, String comment) {
    return ctx.tx(
        c -> {
          ServiceRequest r = find(c, key, true);
          Instant now = ctx.now();
          ServiceRequest next = r.decide(type(r), approve, by, now, comment);
          RequestSql.decideRequest(c, next);
          String follows =
              next.state() == RequestState.FULFILLING
                  ? "; fulfilment by " + type(r).fulfilment().mode() + " follows"
                  : "";
          String message = said(approve ? "Approved" : "Rejected", by, comment) + follows;
          return logged(c, next, now, message, by, null);
        });
  }

  /** What a person did, as the timeline says it: {@code Approved by ann: looks fine}. */
  private static String said(String what, String by, String text) {
    return what + " by " + by + (text == null ? "" : ": " + text);
  }

  /** A request's new state on its timeline, with what happened; the answer to the person. */
  private static RequestView logged(
      Connection c,
      ServiceRequest next,
      Instant now,
      String message,
      String by,
      FulfilmentOutcome outcome)
      throws SQLException {
    TimelineSql.append(c, next.key(), now, next.state().wire(), message, by, outcome);
    return RequestView.of(next, now);
  }
}
