package dev.burnrate.ingest.http;

import dev.burnrate.http.HttpProblem;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * The Content-Type and Content-Encoding each endpoint takes; a request with others fails with 415
 * before its body is looked at.
 */
final class IngestHeaders {
  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";

  private static final Set<String> OTLP_TYPES = Set.of(PROTOBUF, JSON);
  private static final Set<String> EVENTS_TYPES =
      Set.of(
          JSON,
          "application/x-ndjson",
          "application/ndjson",
          "application/jsonl",
          "application/x-jsonlines",
          "application/jsonlines");

  private IngestHeaders() {}

  static void checkRemoteWrite(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null) {
      String media = mediaType(type);
      String proto = parameter(type, "proto");
      if (!media.equals(PROTOBUF) || (proto != null && !proto.equals("prometheus.WriteRequest"))) {
        refuse(
            ctx,
            "remote_write takes Content-Type: application/x-protobuf (remote write 1.0,"
                + " prometheus.WriteRequest)",
            type);
        return;
      }
    }
    String encoding = ctx.request().getHeader("Content-Encoding");
    if (encoding == null || !encoding.trim().equalsIgnoreCase("snappy")) {
      refuse(ctx, "remote_write takes Content-Encoding: snappy (block format)", encoding);
      return;
    }
    ctx.next();
  }

  static void checkOtlp(RoutingContext ctx) {
    checkGzipOrIdentityOf(
        ctx,
        OTLP_TYPES,
        "OTLP metrics take Content-Type: application/x-protobuf or application/json");
  }

  static void checkEvents(RoutingContext ctx) {
    checkGzipOrIdentityOf(
        ctx,
        EVENTS_TYPES,
        "events take Content-Type: application/x-ndjson (one event per line) or"
            + " application/json (an array)");
  }

  /** Passes a gzip or identity body of one of {@code types} on; fails any other with 415. */
  private static void checkGzipOrIdentityOf(RoutingContext ctx, Set<String> types, String takes) {
    if (!checkGzipOrIdentity(ctx)) {
      return;
    }
    String type = ctx.request().getHeader("Content-Type");
    if (types.contains(type == null ? "" : mediaType(type))) {
      ctx.next();
    } else {
      refuse(ctx, takes, type);
    }
  }

  private static boolean checkGzipOrIdentity(RoutingContext ctx) {
    String encoding = ctx.request().getHeader("Content-Encoding");
    if (encoding != null
        && !encoding.trim().equalsIgnoreCase("gzip")
        && !encoding.trim().equalsIgnoreCase("identity")) {
      refuse(ctx, "Content-Encoding must be gzip or identity", encoding);
      return false;
    }
    return true;
  }

  static boolean isGzip(RoutingContext ctx) {
    String encoding = ctx.request().getHeader("Content-Encoding");
    return encoding != null && encoding.trim().equalsIgnoreCase("gzip");
  }

  static boolean isJson(RoutingContext ctx) {
    return mediaType(ctx.request().getHeader("Content-Type")).equals(JSON);
  }

  /** Fails the request with 415: what the endpoint takes, and what it got. */
  private static void refuse(RoutingContext ctx, String takes, String got) {
    ctx.fail(
        new HttpProblem(
            415, "Unsupported media type", takes + "; got " + (got == null ? "none" : got)));
  }

  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  static String parameter(String contentType, String name) {
    String[] parts = contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
        String v = p.substring(eq + 1).trim();
        return v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2
            ? v.substring(1, v.length() - 1)
            : v;
      }
    }
    return null;
  }
}
