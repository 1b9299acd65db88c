package dev.burnrate.api.server;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/** Opens a server span per request and ends it with the route and status when the answer ends. */
record RequestTracing(Tracer tracer, TextMapPropagator propagator)
    implements Handler<RoutingContext> {
  /** The routing-context key of the request's span. */
  static final String SPAN_KEY = "burnrate.span";

  private static final TextMapGetter<HttpServerRequest> HEADERS =
      (request, key) -> request == null ? null : request.getHeader(key);

  @Override
  public void handle(RoutingContext ctx) {
    String method = ctx.request().method().name();
    Span span =
        tracer
            .spanBuilder(method)
            .setParent(propagator.extract(Context.root(), ctx.request(), HEADERS))
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
