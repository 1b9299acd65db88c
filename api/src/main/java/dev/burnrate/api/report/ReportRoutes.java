package dev.burnrate.api.report;

import static java.util.Objects.requireNonNull;

import dev.burnrate.http.HttpProblem;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET /api/v1/reports/slos}: the SLO and SLA report of a month ({@code month=2026-11}) or of
 * whole UTC days ({@code from=2026-11-01&to=2026-12-01}), as {@code format=json} (the default),
 * {@code csv} or {@code pdf}.
 */
public final class ReportRoutes {
  private final Vertx vertx;
  private final SloReports reports;

  /** The routes over {@code reports}, computing on {@code vertx}'s worker pool. */
  public ReportRoutes(Vertx vertx, SloReports reports) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.reports = requireNonNull(reports, "reports");
  }

  /** Mounts the route. */
  public void mount(Router router) {
    router.get("/api/v1/reports/slos").handler(this::report);
  }

  /** The period a request asks for; a 400 naming the parameter when it is wrong. */
  static ReportPeriod period(Optional<String> month, Optional<String> from, Optional<String> to) {
    try {
      if (month.isPresent()) {
        if (from.isPresent() || to.isPresent()) {
          throw HttpProblem.badRequest("month", "give either month or from and to, not both");
        }
        return ReportPeriod.month(month.get());
      }
      if (from.isEmpty() || to.isEmpty()) {
        throw HttpProblem.badRequest(
            from.isEmpty() ? "from" : "to", "give month=2026-11, or from and to as dates");
      }
      return new ReportPeriod(
          ReportPeriod.date("from", from.get()), ReportPeriod.date("to", to.get()));
    } catch (IllegalArgumentException e) {
      String field = month.isPresent() ? "month" : e.getMessage().startsWith("to") ? "to" : "from";
      throw HttpProblem.badRequest(field, e.getMessage());
    }
  }

  private void report(RoutingContext ctx) {
    ReportPeriod period = period(param(ctx, "month"), param(ctx, "from"), param(ctx, "to"));
    String format = param(ctx, "format").orElse("json");
    if (!format.equals("json") && !format.equals("csv") && !format.equals("pdf")) {
      throw HttpProblem.badRequest("format", "format must be json, csv or pdf; got " + format);
    }
    Optional<String> service = param(ctx, "service");
    String name = "burnrate-report-" + period.from() + "-to-" + period.to();
    vertx
        .executeBlocking(
            () -> {
              Report r = reports.report(period, service);
              return switch (format) {
                case "csv" -> Buffer.buffer(ReportFormats.csv(r).getBytes(StandardCharsets.UTF_8));
                case "pdf" -> Buffer.buffer(ReportFormats.pdf(r));
                default -> Buffer.buffer(ReportFormats.json(r).getBytes(StandardCharsets.UTF_8));
              };
            },
            false)
        .onSuccess(
            body -> {
              var res = ctx.response();
              switch (format) {
                case "csv" ->
                    res.putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=" + name + ".csv");
                case "pdf" ->
                    res.putHeader("Content-Type", "application/pdf")
                        .putHeader("Content-Disposition", "attachment; filename=" + name + ".pdf");
                default -> res.putHeader("Content-Type", "application/json");
              }
              res.end(body);
            })
        .onFailure(ctx::fail);
  }

  private static Optional<String> param(RoutingContext ctx, String name) {
    return Optional.ofNullable(ctx.queryParams().get(name)).filter(s -> !s.isBlank());
  }
}
