package dev.burnrate.api.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A report as JSON, CSV, printable XHTML and PDF: the same numbers in each. */
public final class ReportFormats {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The CSV header; one row per SLO follows. */
  static final List<String> CSV_COLUMNS =
      List.of(
          "from",
          "to",
          "service",
          "slo",
          "objective",
          "good",
          "bad",
          "total",
          "attainment",
          "met",
          "budget_consumed",
          "sla_objective",
          "sla_breached",
          "sla_credit",
          "incidents",
          "mtta_seconds",
          "mttr_seconds",
          "worst_days");

  private ReportFormats() {}

  /** The report as JSON. */
  public static String json(Report r) {
    try {
      return JSON.writeValueAsString(r);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  /** The report as CSV (RFC 4180), one row per SLO. */
  public static String csv(Report r) {
    StringBuilder out = new StringBuilder(String.join(",", CSV_COLUMNS)).append("\r\n");
    for (Report.ServiceReport s : r.services()) {
      for (Report.SloLine l : s.slos()) {
        List<String> row =
            List.of(
                r.from(),
                r.to(),
                s.service(),
                l.slo(),
                n(l.objective()),
                n(l.good()),
                n(l.bad()),
                n(l.total()),
                n(l.attainment()),
                String.valueOf(l.met()),
                n(l.budgetConsumed()),
                l.sla() == null ? "" : n(l.sla().objective()),
                l.sla() == null ? "" : String.valueOf(l.sla().breached()),
                l.sla() == null ? "" : n(l.sla().credit()),
                String.valueOf(s.incidents().size()),
                n(s.mttaSeconds()),
                n(s.mttrSeconds()),
                l.worstDays().stream()
                    .map(d -> d.day() + " " + n(d.sli()))
                    .collect(Collectors.joining("; ")));
        out.append(row.stream().map(ReportFormats::field).collect(Collectors.joining(",")))
            .append("\r\n");
      }
    }
    return out.toString();
  }

  /** The report as a printable XHTML page (the PDF's source). */
  public static String xhtml(Report r) {
    StringBuilder b = new StringBuilder();
    b.append(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">")
        .append("<head><title>SLO and SLA report</title><style>")
        .append("body{font-family:sans-serif;font-size:10pt;color:#111}")
        .append("table{border-collapse:collapse;width:100%;margin-bottom:8pt}")
        .append("th,td{border-bottom:1px solid #bbb;padding:3pt;text-align:left}")
        .append("th{background:#eee}h2{margin-top:14pt}.bad{color:#b3261e;font-weight:bold}")
        .append("@page{size:A4 landscape;margin:15mm}")
        .append("</style></head><body>");
    b.append("<h1>SLO and SLA report</h1><p>From ")
        .append(esc(r.from()))
        .append(" to ")
        .append(esc(r.to()))
        .append(" (UTC, end excluded). Generated ")
        .append(esc(r.generatedAt()))
        .append(".</p>");
    for (Report.ServiceReport s : r.services()) {
      b.append("<h2>Service ").append(esc(s.service())).append("</h2>");
      b.append("<table><tr><th>SLO</th><th>Objective</th><th>Attainment</th>")
          .append("<th>Budget consumed</th><th>SLA</th><th>Breach</th><th>Credit</th>")
          .append("<th>Worst days</th></tr>");
      for (Report.SloLine l : s.slos()) {
        row(
            b,
            l.met() ? -1 : 2,
            esc(l.slo()),
            pct(l.objective(), 3),
            pct(l.attainment(), 3),
            pct(l.budgetConsumed(), 1),
            l.sla() == null ? "-" : pct(l.sla().objective(), 3),
            l.sla() == null ? "-" : l.sla().breached() ? "<b class=\"bad\">breached</b>" : "no",
            l.sla() == null ? "-" : pct(l.sla().credit(), 0),
            esc(
                l.worstDays().stream()
                    .map(d -> d.day() + " " + pct(d.sli(), 2))
                    .collect(Collectors.joining(", "))));
      }
      b.append("</table><p>Incidents: ")
          .append(s.incidents().size())
          .append(", MTTA ")
          .append(duration(s.mttaSeconds()))
          .append(", MTTR ")
          .append(duration(s.mttrSeconds()))
          .append("</p>");
      if (!s.incidents().isEmpty()) {
        b.append("<table><tr><th>Incident</th><th>Priority</th><th>Opened</th>")
            .append("<th>Acknowledged after</th><th>Resolved after</th></tr>");
        for (Report.IncidentLine i : s.incidents()) {
          row(
              b,
              -1,
              esc(i.key() + " " + i.title()),
              esc(i.priority()),
              esc(i.openedAt()),
              duration(i.timeToAcknowledgeSeconds()),
              duration(i.durationSeconds()));
        }
        b.append("</table>");
      }
    }
    return b.append("</body></html>").toString();
  }

  /** The report as PDF. */
  public static byte[] pdf(Report r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.withHtmlContent(xhtml(r), null);
      builder.toStream(out);
      builder.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String pct(Double x, int digits) {
    return x == null ? "-" : String.format(Locale.ROOT, "%." + digits + "f%%", x * 100);
  }

  static String duration(Number seconds) {
    if (seconds == null) {
      return "-";
    }
    long m = Math.round(seconds.doubleValue() / 60);
    return m < 60 ? m + "m" : (m / 60) + "h " + (m % 60) + "m";
  }

  private static String n(Double x) {
    return x == null ? "" : String.valueOf(x);
  }

  private static String n(double x) {
    return String.valueOf(x);
  }

  private static String field(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
        ? "\"" + s.replace("\"", "\"\"") + "\""
        : s;
  }

  /** A table row of cells that are HTML already; the cell at {@code bad} (-1: none) is marked. */
  private static void row(StringBuilder b, int bad, String... cells) {
    b.append("<tr>");
    for (int i = 0; i < cells.length; i++) {
      b.append(i == bad ? "<td class=\"bad\">" : "<td>").append(cells[i]).append("</td>");
    }
    b.append("</tr>");
  }

  private static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
