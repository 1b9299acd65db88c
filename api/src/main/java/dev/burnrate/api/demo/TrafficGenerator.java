package dev.burnrate.api.demo;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo traffic: synthetic HTTP request events for a few services, posted as NDJSON to Burnrate's
 * {@code /api/v1/events}, with a control endpoint that makes a service fail or slow down.
 *
 * <p>Control (plain HTTP on {@link Settings#controlPort()}): {@code POST
 * /fail?service=checkout&errorRate=0.3&latencyMs=800} degrades a service, {@code POST
 * /recover?service=checkout} (or without {@code service}: all) heals it, {@code GET /} shows the
 * state, {@code GET /metrics} exposes {@code demo_requests_total{job,outcome}} for Prometheus.
 */
public final class TrafficGenerator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrafficGenerator.class);
  private static final List<String> METHODS_AND_ROUTES =
      List.of("GET /products", "GET /products/{id}", "POST /cart", "POST /pay");

  /**
   * How the generator runs.
   *
   * @param target Burnrate's base URL, e.g. {@code http://localhost:8080}
   * @param token a bearer token with the ingest scope, if Burnrate requires one
   * @param services the services to simulate
   * @param eventsPerSecond events per second per service
   * @param controlHost the address the control endpoint binds (loopback unless told otherwise: it
   *     has no authentication)
   * @param controlPort the port of the control endpoint (0: any free port)
   * @param baseErrorRate the error rate of a healthy service
   */
  public record Settings(
      URI target,
      Optional<String> token,
      List<String> services,
      int eventsPerSecond,
      String controlHost,
      int controlPort,
      double baseErrorRate) {

    /** The control endpoint's default address: loopback, since the switch has no authentication. */
    public static final String LOOPBACK = "127.0.0.1";

    /** Checks the settings. */
    public Settings {
      requireNonNull(target, "target");
      requireNonNull(token, "token");
      requireNonNull(controlHost, "controlHost");
      if (controlHost.isBlank()) {
        throw new IllegalArgumentException("controlHost must not be blank");
      }
      services = List.copyOf(services);
      if (services.isEmpty()) {
        throw new IllegalArgumentException("services must not be empty");
      }
      if (eventsPerSecond < 1 || eventsPerSecond > 100_000) {
        throw new IllegalArgumentException(
            "eventsPerSecond must be in [1, 100000], got " + eventsPerSecond);
      }
      if (!(baseErrorRate >= 0 && baseErrorRate <= 1)) {
        throw new IllegalArgumentException("baseErrorRate must be in [0, 1], got " + baseErrorRate);
      }
    }
  }

  /** The degradation of one service: extra error rate and extra latency. */
  record Fault(double errorRate, long latencyMs) {}

  private final Settings settings;
  private final Clock clock;
  private final HttpClient http;
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final AtomicLong sendFailures = new AtomicLong();
  private final SplittableRandom random;
  private final ScheduledExecutorService scheduler;
  private final HttpServer control;

  private TrafficGenerator(Settings settings, Clock clock, long seed) throws IOException {
    this.settings = settings;
    this.clock = clock;
    this.random = new SplittableRandom(seed);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("demo-traffic").daemon().factory());
    this.control =
        HttpServer.create(
            new InetSocketAddress(settings.controlHost(), settings.controlPort()), 16);
    control.createContext("/", this::handleControl);
    control.setExecutor(Executors.newSingleThreadExecutor());
  }

  /** Starts generating traffic and serving the control endpoint. */
  public static TrafficGenerator start(Settings settings, Clock clock) throws IOException {
    TrafficGenerator g = new TrafficGenerator(settings, clock, 42);
    g.control.start();
    g.scheduler.scheduleAtFixedRate(g::tick, 0, 200, TimeUnit.MILLISECONDS);
    log.info(
        "demo traffic: {} events/s per service for {} to {}; control on {}:{}",
        settings.eventsPerSecond(),
        settings.services(),
        settings.target(),
        settings.controlHost(),
        g.controlPort());
    return g;
  }

  /** The address and port the control endpoint listens on. */
  public InetSocketAddress controlAddress() {
    return control.getAddress();
  }

  /** The port the control endpoint listens on. */
  public int controlPort() {
    return control.getAddress().getPort();
  }

  /** Makes a service fail: the given share of its requests error and take extra time. */
  public void fail(String service, double errorRate, long latencyMs) {
    if (!settings.services().contains(service)) {
      throw new IllegalArgumentException(
          "unknown service " + service + "; known: " + settings.services());
    }
    if (!(errorRate >= 0 && errorRate <= 1)) {
      throw new IllegalArgumentException("errorRate must be in [0, 1], got " + errorRate);
    }
    if (latencyMs < 0 || latencyMs > 60_000) {
      throw new IllegalArgumentException("latencyMs must be in [0, 60000], got " + latencyMs);
    }
    faults.put(service, new Fault(errorRate, latencyMs));
  }

  /** Heals a service, or every service when {@code service} is null. */
  public void recover(String service) {
    if (service == null) {
      faults.clear();
    } else {
      faults.remove(service);
    }
  }

  /** One batch per service: the events of the last 200 ms. */
  void tick() {
    long now = clock.millis();
    int perTick = Math.max(1, settings.eventsPerSecond() / 5);
    for (String service : settings.services()) {
      String body = batch(service, now, perTick);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(settings.target().resolve("/api/v1/events"))
              .timeout(Duration.ofSeconds(5))
              .header("Content-Type", "application/x-ndjson")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      settings.token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
      http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, error) -> {
                if (error != null || response.statusCode() >= 300) {
                  long n = sendFailures.incrementAndGet();
                  if (n == 1 || n % 100 == 0) {
                    log.warn(
                        "demo traffic: sending to {} failed ({} so far): {}",
                        settings.target(),
                        n,
                        error != null ? error.toString() : "HTTP " + response.statusCode());
                  }
                }
              });
    }
  }

  /** The NDJSON body of one batch for one service. */
  String batch(String service, long nowMillis, int events) {
    Fault fault = faults.getOrDefault(service, new Fault(0, 0));
    double errorRate = Math.min(1, settings.baseErrorRate() + fault.errorRate());
    StringBuilder sb = new StringBuilder(events * 160);
    for (int i = 0; i < events; i++) {
      String methodAndRoute = METHODS_AND_ROUTES.get(random.nextInt(METHODS_AND_ROUTES.size()));
      int space = methodAndRoute.indexOf(' ');
      boolean error = random.nextDouble() < errorRate;
      int status = error ? 500 + random.nextInt(4) : (random.nextInt(20) == 0 ? 404 : 200);
      // Log-normal latency around 60 ms, the fault's latency added to a share of requests.
      double latency = Math.exp(Math.log(60) + 0.5 * gaussian());
      if (fault.latencyMs() > 0 && random.nextDouble() < 0.5) {
        latency += fault.latencyMs();
      }
      long ts = nowMillis - random.nextInt(200);
      counters
          .computeIfAbsent(service + "|" + (error ? "error" : "ok"), k -> new AtomicLong())
          .incrementAndGet();
      sb.append("{\"ts\":")
          .append(ts)
          .append(",\"service\":\"")
          .append(service)
          .append("\",\"route\":\"")
          .append(methodAndRoute.substring(space + 1))
          .append("\",\"method\":\"")
          .append(methodAndRoute, 0, space)
          .append("\",\"status\":")
          .append(status)
          .append(",\"duration_ms\":")
          .append(String.format(Locale.ROOT, "%.3f", latency))
          .append("}\n");
    }
    return sb.toString();
  }

  private double gaussian() {
    // Box-Muller; SplittableRandom has no nextGaussian before Java 17's RandomGenerator default.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private void handleControl(HttpExchange exchange) throws IOException {
    try (exchange) {
      drain(exchange.getRequestBody());
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String method = exchange.getRequestMethod();
      try {
        switch (path) {
          case "/metrics" -> respond(exchange, 200, "text/plain; version=0.0.4", metrics());
          case "/" -> respond(exchange, 200, "application/json", state());
          case "/fail" -> {
            requirePost(method);
            String service = require(query, "service");
            fail(
                service,
                Double.parseDouble(query.getOrDefault("errorRate", "0.5")),
                Long.parseLong(query.getOrDefault("latencyMs", "0")));
            respond(exchange, 200, "application/json", state());
          }
          case "/recover" -> {
            requirePost(method);
            recover(query.get("service"));
            respond(exchange, 200, "application/json", state());
          }
          default -> respond(exchange, 404, "text/plain", "no such control path: " + path + "\n");
        }
      } catch (IllegalArgumentException e) {
        respond(exchange, 400, "text/plain", e.getMessage() + "\n");
      }
    }
  }

  private static void requirePost(String method) {
    if (!"POST".equals(method)) {
      throw new IllegalArgumentException("use POST");
    }
  }

  private static String require(Map<String, String> query, String name) {
    String v = query.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("query parameter " + name + " is required");
    }
    return v;
  }

  String metrics() {
    StringBuilder sb =
        new StringBuilder(
            "# HELP demo_requests_total Requests the demo traffic generator simulated.\n"
                + "# TYPE demo_requests_total counter\n");
    counters.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              String[] parts = e.getKey().split("\\|", 2);
              sb.append("demo_requests_total{job=\"")
                  .append(parts[0])
                  .append("\",outcome=\"")
                  .append(parts[1])
                  .append("\"} ")
                  .append(e.getValue().get())
                  .append('\n');
            });
    return sb.toString();
  }

  private String state() {
    StringBuilder sb = new StringBuilder("{\"services\":{");
    boolean first = true;
    for (String service : settings.services()) {
      Fault f = faults.get(service);
      sb.append(first ? "" : ",").append('"').append(service).append("\":");
      sb.append(
          f == null
              ? "{\"failing\":false}"
              : String.format(
                  Locale.ROOT,
                  "{\"failing\":true,\"errorRate\":%s,\"latencyMs\":%d}",
                  f.errorRate(),
                  f.latencyMs()));
      first = false;
    }
    return sb.append("},\"sendFailures\":").append(sendFailures.get()).append("}\n").toString();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void drain(InputStream in) throws IOException {
    in.readNBytes(64 * 1024);
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops the traffic and the control endpoint. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    control.stop(0);
  }
}
