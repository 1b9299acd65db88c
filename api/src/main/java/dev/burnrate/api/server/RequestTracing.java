package dev.burnrate.api.server;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/** Opens a server span per request and ends it with the route and status when the answer ends. */
final class RequestTracing implements Handler<RoutingContext> {
  /** The routing-context key of the request's span. */
  static final String SPAN_KEY = "burnrate.span";

  private final Tracer tracer;

  RequestTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String method = ctx.request().method().name();
    Span span =
        tracer
            .spanBuilder(method)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", method)
            .setAttribute("url.path", ctx.normalizedPath())
            .startSpan();
    ctx.put(SPAN_KEY, span);
    ctx.addEndHandler(
        ar -> {
          Route route = ctx.currentRoute();
          if (route != null && route.getPath() != null) {
            span.setAttribute("http.route", route.getPath());
            span.updateName(method + " " + route.getPath());
          }
          int status = ctx.response().getStatusCode();
          span.setAttribute("http.response.status_code", status);
          if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
          }
          span.end();
        });
    ctx.next();
  }
}
