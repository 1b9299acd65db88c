package dev.burnrate.bridge.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for a SaaS ITSM tool: a real HTTP server on loopback that follows the tool's
 * documented API, with faults to inject (429 with Retry-After, 5xx, slow answers, dropped
 * connections, a write that succeeds but whose answer is lost).
 */
public abstract class FakeItsm implements AutoCloseable {
  protected static final ObjectMapper JSON = new ObjectMapper();

  /** A fault to inject into upcoming requests. */
  public enum Fault {
    /** 429 Too Many Requests with Retry-After: 1. */
    RATE_LIMIT,
    /** 503 Service Unavailable. */
    SERVER_ERROR,
    /** Answers after {@link #slowMillis}, having done the work. */
    SLOW,
    /** Closes the connection without doing anything. */
    DROP,
    /** Does the work, then closes the connection without answering. */
    PROCESS_THEN_DROP,
    /** 400 Bad Request, as for a payload the tool refuses for good. */
    REJECT
  }

  /** An answer. */
  protected record Answer(int status, Object body, Map<String, String> headers) {
    static Answer of(int status, Object body) {
      return new Answer(status, body, Map.of());
    }
  }

  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fake-itsm");
            t.setDaemon(true);
            return t;
          });
  private final Deque<Fault> faults = new ArrayDeque<>();
  private volatile boolean down;
  private volatile double randomFaultRate;
  private final Random random = new Random(42);

  /** How long a SLOW answer takes. */
  public volatile long slowMillis = 1500;

  /** The raw body of the request being handled. */
  protected String rawBody = "";

  /** Requests seen (including faulted ones). */
  public final AtomicInteger requests = new AtomicInteger();

  // The server starts in the constructor; handlers only run after the subclass has finished.
  @SuppressWarnings("this-escape")
  protected FakeItsm() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::exchange);
    server.start();
  }

  /** The base URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Injects faults into the next requests, in order. */
  public synchronized void failNext(Fault... f) {
    faults.addAll(java.util.List.of(f));
  }

  /** Forgets the faults not yet injected. */
  public synchronized void clearFaults() {
    faults.clear();
    randomFaultRate = 0;
  }

  /** While down, every request gets a 503 or a dropped connection. */
  public void down(boolean isDown) {
    this.down = isDown;
  }

  /** Injects a random fault into this share of requests. */
  public void randomFaults(double rate) {
    this.randomFaultRate = rate;
  }

  /** External records created (each counts once, however often it was updated). */
  public abstract int recordCount();

  /**
   * The state of the record for a Burnrate key, in Burnrate's words, or null when there is none.
   */
  public abstract String state(String burnrateKey);

  /** How many external records exist for one Burnrate key (must never exceed 1). */
  public abstract int recordsFor(String burnrateKey);

  /** The answer to a request over the tool's rate limit: by default a 429 with Retry-After: 1. */
  protected Answer rateLimited() {
    return new Answer(429, Map.of("message", "rate limit exceeded"), Map.of("Retry-After", "1"));
  }

  /** A body sent as it is, not as JSON, such as a token in {@code text/plain}. */
  protected record Raw(String contentType, String text) {}

  /** Handles one request by the tool's API. */
  protected abstract Answer handle(
      String method, String path, Map<String, String> query, JsonNode body, HttpExchange ex)
      throws IOException;

  private synchronized Fault nextFault() {
    if (!faults.isEmpty()) {
      return faults.poll();
    }
    if (down) {
      return random.nextBoolean() ? Fault.SERVER_ERROR : Fault.DROP;
    }
    if (randomFaultRate > 0 && random.nextDouble() < randomFaultRate) {
      Fault[] all = {
        Fault.RATE_LIMIT, Fault.SERVER_ERROR, Fault.SLOW, Fault.DROP, Fault.PROCESS_THEN_DROP
      };
      return all[random.nextInt(all.length)];
    }
    return null;
  }

  private void exchange(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    try (ex) {
      Fault fault = nextFault();
      if (fault == Fault.DROP) {
        return; // closing before any header drops the connection
      }
      if (fault == Fault.RATE_LIMIT) {
        write(ex, rateLimited());
        return;
      }
      if (fault == Fault.REJECT) {
        write(ex, Answer.of(400, Map.of("message", "refused")));
        return;
      }
      if (fault == Fault.SERVER_ERROR) {
        write(ex, Answer.of(503, Map.of("message", "unavailable")));
        return;
      }
      byte[] raw = ex.getRequestBody().readAllBytes();
      // A form body (ServiceDesk Plus's input_data) is left to the subclass, in rawBody.
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      boolean form = type != null && type.startsWith("application/x-www-form-urlencoded");
      JsonNode body = raw.length == 0 || form ? null : JSON.readTree(raw);
      Answer a;
      synchronized (this) {
        rawBody = new String(raw, StandardCharsets.UTF_8);
        a =
            handle(
                ex.getRequestMethod(),
                ex.getRequestURI().getPath(),
                query(ex.getRequestURI().getRawQuery()),
                body,
                ex);
      }
      if (fault == Fault.PROCESS_THEN_DROP) {
        return;
      }
      if (fault == Fault.SLOW) {
        try {
          Thread.sleep(slowMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      write(ex, a);
    }
  }

  private static void write(HttpExchange ex, Answer a) throws IOException {
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    if (a.body() == null) {
      ex.sendResponseHeaders(a.status(), -1);
      return;
    }
    byte[] b;
    if (a.body() instanceof Raw raw) {
      b = raw.text().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", raw.contentType());
    } else {
      b = JSON.writeValueAsBytes(a.body());
      ex.getResponseHeaders().add("Content-Type", "application/json");
    }
    ex.sendResponseHeaders(a.status(), b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null) {
      return q;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }

  /** Whether the request carries HTTP Basic credentials equal to these. */
  protected static boolean basicAuth(HttpExchange ex, String user, String password) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return expected.equals(h);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
