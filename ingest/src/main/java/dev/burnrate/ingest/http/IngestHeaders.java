package dev.burnrate.ingest.http;

import dev.burnrate.http.HttpProblem;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * The Content-Type and Content-Encoding each endpoint takes; a request with others fails with 415
 * before its body is looked at.
 */
final class IngestHeaders {
  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";

  private IngestHeaders() {}

  static void checkRemoteWrite(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null) {
      String media = mediaType(type);
      String proto = parameter(type, "proto");
      if (!media.equals(PROTOBUF) || (proto != null && !proto.equals("prometheus.WriteRequest"))) {
        ctx.fail(
            unsupported(
                "remote_write takes Content-Type: application/x-protobuf (remote write 1.0,"
                    + " prometheus.WriteRequest); got "
                    + type));
        return;
      }
    }
    String encoding = ctx.request().getHeader("Content-Encoding");
    if (encoding == null || !encoding.trim().equalsIgnoreCase("snappy")) {
      ctx.fail(
          unsupported(
              "remote_write takes Content-Encoding: snappy (block format); got "
                  + (encoding == null ? "none" : encoding)));
      return;
    }
    ctx.next();
  }

  static void checkOtlp(RoutingContext ctx) {
    if (!checkGzipOrIdentity(ctx)) {
      return;
    }
    String type = ctx.request().getHeader("Content-Type");
    String media = type == null ? "" : mediaType(type);
    if (!media.equals(PROTOBUF) && !media.equals(JSON)) {
      ctx.fail(
          unsupported(
              "OTLP metrics take Content-Type: application/x-protobuf or application/json; got "
                  + (type == null ? "none" : type)));
      return;
    }
    ctx.next();
  }

  static void checkEvents(RoutingContext ctx) {
    if (!checkGzipOrIdentity(ctx)) {
      return;
    }
    String type = ctx.request().getHeader("Content-Type");
    String media = type == null ? "" : mediaType(type);
    switch (media) {
      case JSON,
          "application/x-ndjson",
          "application/ndjson",
          "application/jsonl",
          "application/x-jsonlines",
          "application/jsonlines" ->
          ctx.next();
      default ->
          ctx.fail(
              unsupported(
                  "events take Content-Type: application/x-ndjson (one event per line) or"
                      + " application/json (an array); got "
                      + (type == null ? "none" : type)));
    }
  }

  private static boolean checkGzipOrIdentity(RoutingContext ctx) {
    String encoding = ctx.request().getHeader("Content-Encoding");
    if (encoding != null
        && !encoding.trim().equalsIgnoreCase("gzip")
        && !encoding.trim().equalsIgnoreCase("identity")) {
      ctx.fail(unsupported("Content-Encoding must be gzip or identity; got " + encoding));
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

  private static HttpProblem unsupported(String detail) {
    return new HttpProblem(415, "Unsupported media type", detail);
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
