package dev.burnrate.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.server.OpenApiDocument;
import dev.burnrate.api.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every operation of /openapi.yaml, asked for by path variants that Vert.x routes to the same
 * handler (trailing slashes, dot segments, percent-encoded dots, empty segments, queries), needs
 * the same scope as its canonical path: no variant is handled with less.
 */
class RouteScopeIT {
  private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "patch");

  static TestServer server;
  static final Map<String, String> tokens = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            Map.of(
                "BURNRATE_AUTH_READS_REQUIRE_TOKEN", "true",
                "BURNRATE_AUTH_RATE_LIMIT_REQUESTS_PER_SECOND", "100000",
                "BURNRATE_AUTH_RATE_LIMIT_BURST", "100000"));
    TokenStore store = new TokenStore(server.server().database().dataSource(), Clock.systemUTC());
    tokens.put("none", null);
    for (Scope s : List.of(Scope.INGEST, Scope.READ, Scope.WRITE)) {
      tokens.put(s.id(), store.create("scope test " + s.id(), Set.of(s)).secret());
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** The documented operations as method and a concrete path (parameters filled in). */
  static List<String[]> operations() {
    List<String[]> ops = new ArrayList<>();
    Map<String, Object> doc = OpenApiDocument.load(RouteScopeIT.class.getClassLoader()).tree();
    for (Map.Entry<?, ?> p : ((Map<?, ?>) doc.get("paths")).entrySet()) {
      String path = ((String) p.getKey()).replaceAll("\\{[^}]+}", "x1");
      for (Object op : ((Map<?, ?>) p.getValue()).keySet()) {
        if (OPERATIONS.contains(op)) {
          ops.add(new String[] {((String) op).toUpperCase(Locale.ROOT), path});
        }
      }
    }
    return ops;
  }

  /** Spellings of {@code path} that a router normalising paths may take for {@code path}. */
  static List<String> variants(String path) {
    int last = path.lastIndexOf('/');
    String head = path.substring(0, last);
    String tail = path.substring(last + 1);
    List<String> v = new ArrayList<>();
    v.add(path + "/");
    v.add(path + "//");
    v.add(path + "/.");
    v.add(path + "/%2e");
    v.add(path + "/%2E");
    v.add(path + "/?x=1");
    v.add(path + "?x=1");
    v.add("/" + path);
    v.add(head + "/./" + tail);
    v.add(head + "/./" + tail + "/");
    v.add(head + "//" + tail);
    v.add(head + "/%2e/" + tail);
    v.add(head + "/zz/../" + tail);
    v.add(head + "/zz/%2e%2e/" + tail);
    if (!tail.isEmpty()) {
      // An unreserved character percent-encoded decodes to itself.
      v.add(head + "/%" + Integer.toHexString(tail.charAt(0)) + tail.substring(1));
    }
    return v;
  }

  @Test
  void noPathVariant_ofAnyDocumentedRoute_isHandledWithLessThanTheRoutesScope() {
    List<String> leaks = new ArrayList<>();
    int checked = 0;
    for (String[] op : operations()) {
      for (Map.Entry<String, String> token : tokens.entrySet()) {
        int canonical = status(op[0], op[1], token.getValue());
        if (canonical != 401 && canonical != 403) {
          continue; // this token may call the route: nothing to leak
        }
        for (String variant : variants(op[1])) {
          int status = status(op[0], variant, token.getValue());
          checked++;
          // Refused for the scope, or not routed at all: both keep the route closed.
          if (status != 401 && status != 403 && status != 404 && status != 405) {
            leaks.add(
                op[0] + " " + variant + " with token " + token.getKey() + " answered " + status);
          }
        }
      }
    }
    assertThat(checked).as("variants checked").isGreaterThan(500);
    assertThat(leaks).as("variants handled with less than the route's scope").isEmpty();
  }

  @Test
  void eventsWithATrailingSlash_needTheIngestScope_notWrite() {
    int status = status("POST", "/api/v1/events/", tokens.get("write"));
    assertThat(status).isEqualTo(403);
  }

  /**
   * Sends the request line exactly as given (no client-side normalisation) and reads the status.
   */
  static int status(String method, String target, String token) {
    try (Socket s = new Socket("127.0.0.1", server.server().port())) {
      s.setSoTimeout(10_000);
      StringBuilder req =
          new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      if (token != null) {
        req.append("Authorization: Bearer ").append(token).append("\r\n");
      }
      req.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        line.write(b);
      }
      String statusLine = line.toString(StandardCharsets.US_ASCII);
      assertThat(statusLine).as(method + " " + target).startsWith("HTTP/1.1 ");
      return Integer.parseInt(statusLine.substring(9, 12));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
