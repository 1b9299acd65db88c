package dev.burnrate.bridge.internal.outbox;

import dev.burnrate.bridge.BridgeSettings;
import dev.burnrate.bridge.OutboxSettings;
import dev.burnrate.bridge.internal.connector.Connector;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.ExternalRef;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.Connectors;
import dev.burnrate.bridge.internal.connector.Redaction;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.TimelineSql;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox messages: claims the oldest due message of each (connector, record) under a
 * lease, calls the connector, and records the outcome. Messages of one record reach a tool in the
 * order they were written; a worker that dies leaves its message to be claimed again when the lease
 * runs out.
 */
public final class OutboxWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);

  private final Database db;
  private final OutboxSettings settings;
  private final Clock clock;
  private final Map<String, Connector> connectors;
  private final Tracer tracer;
  private final Redaction redaction;
  private final Semaphore wakeUp = new Semaphore(0);
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  /**
   * A worker for the settings' connectors, tracing each delivery attempt with {@code tracer}; the
   * connectors' meters go to {@code registry}.
   */
  public OutboxWorker(
      Database db, BridgeSettings settings, Clock clock, Tracer tracer, MeterRegistry registry) {
    this(
        db,
        settings.outbox(),
        clock,
        Connectors.create(settings.connectors(), settings.outbox(), clock, registry),
        tracer,
        Redaction.of(settings.connectors()));
  }

  /** A worker for given connectors (tests use their own), without tracing. */
  public OutboxWorker(
      Database db, OutboxSettings settings, Clock clock, List<Connector> connectors) {
    this(
        db,
        settings,
        clock,
        connectors,
        OpenTelemetry.noop().getTracer("dev.burnrate.bridge"),
        Redaction.none());
  }

  /**
   * A worker for given connectors, tracing each delivery attempt with {@code tracer} and masking
   * with {@code redaction} every error text it stores or logs.
   */
  public OutboxWorker(
      Database db,
      OutboxSettings settings,
      Clock clock,
      List<Connector> connectors,
      Tracer tracer,
      Redaction redaction) {
    this.db = db;
    this.redaction = redaction;
    this.settings = settings;
    this.clock = clock;
    this.tracer = tracer;
    Map<String, Connector> byName = new LinkedHashMap<>();
    connectors.forEach(c -> byName.put(c.name(), c));
    this.connectors = Map.copyOf(byName);
  }

  /** Starts the delivery threads. */
  public synchronized void start() {
    if (running || connectors.isEmpty()) {
      return;
    }
    running = true;
    for (int i = 0; i < settings.workers(); i++) {
      Thread t = new Thread(this::loop, "bridge-outbox-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  /** Wakes idle workers: a record changed. */
  public void wake() {
    if (wakeUp.availablePermits() < settings.workers()) {
      wakeUp.release(settings.workers());
    }
  }

  private void loop() {
    while (running) {
      try {
        if (!deliverOne()) {
          wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          wakeUp.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.warn("outbox delivery failed; retrying after {}", settings.pollInterval(), e);
        try {
          Thread.sleep(settings.pollInterval().toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  record Claimed(
      long id,
      String connector,
      String recordKey,
      String event,
      OutboxMessage payload,
      int attempts,
      Instant previousAttemptAt) {}

  /** Delivers the next due message, if any; true when there was one. */
  public boolean deliverOne() throws InterruptedException {
    Instant now = clock.instant();
    Optional<Claimed> claimed = claim(now);
    if (claimed.isEmpty()) {
      return false;
    }
    Claimed m = claimed.get();
    Connector connector = connectors.get(m.connector());
    Outcome outcome;
    if (connector == null) {
      outcome =
          new Outcome.Retry(
              Duration.ofMinutes(5), "connector " + m.connector() + " is not configured");
    } else {
      Delivery d =
          new Delivery(
              m.id(),
              m.event(),
              m.payload().message(),
              m.payload().record(),
              m.attempts() > 1,
              m.previousAttemptAt(),
              now,
              refs(m.connector()));
      Span span =
          tracer
              .spanBuilder("bridge.deliver")
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute("burnrate.connector", m.connector())
              .setAttribute("burnrate.record", m.recordKey())
              .setAttribute("burnrate.event", m.event())
              .setAttribute("burnrate.attempt", m.attempts())
              .startSpan();
      // The span is current while the connector runs, so an instrumented HTTP client nests in it.
      Scope scope = span.makeCurrent();
      try {
        outcome = connector.deliver(d);
      } catch (RuntimeException e) {
        span.recordException(e);
        outcome = new Outcome.Retry(null, "connector failed: " + e);
      } finally {
        scope.close();
      }
      span.setAttribute(
          "burnrate.outcome",
          switch (outcome) {
            case Outcome.Delivered ok -> "delivered";
            case Outcome.Retry r -> "retry";
            case Outcome.Rejected r -> "rejected";
          });
      if (!(outcome instanceof Outcome.Delivered)) {
        span.setStatus(StatusCode.ERROR, redaction.apply(outcome.toString()));
      }
      span.end();
    }
    finish(m, outcome);
    return true;
  }

  private Optional<Claimed> claim(Instant now) {
    return db.tx(
        c -> {
          Optional<Claimed> m =
              Database.one(
                  c,
                  "SELECT o.id, o.connector, o.record_key, o.event, o.payload::text AS p, o.attempts, o.last_attempt_at"
                      + " FROM bridge_outbox o WHERE o.state = 'pending' AND o.available_at <= ?"
                      + " AND (o.claimed_until IS NULL OR o.claimed_until <= ?)"
                      + " AND NOT EXISTS (SELECT 1 FROM bridge_outbox p WHERE p.connector = o.connector"
                      + " AND p.record_key = o.record_key AND p.state = 'pending' AND p.id < o.id)"
                      + " ORDER BY o.available_at, o.id LIMIT 1 FOR UPDATE SKIP LOCKED",
                  rs ->
                      new Claimed(
                          rs.getLong(1),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getString(4),
                          OutboxJson.read(rs.getString(5)),
                          rs.getInt(6) + 1,
                          Database.instant(rs, "last_attempt_at")),
                  now,
                  now);
          if (m.isPresent()) {
            Database.update(
                c,
                "UPDATE bridge_outbox SET claimed_until = ?, attempts = attempts + 1, last_attempt_at = ? WHERE id = ?",
                now.plus(settings.lease()),
                now,
                m.get().id());
          }
          return m;
        });
  }

  /**
   * What a message's row becomes after an attempt: its state, and when it was delivered, when it is
   * tried again and its last error (null: unchanged, unchanged, cleared).
   */
  private record Ending(String state, Instant deliveredAt, Instant availableAt, String error) {}

  private void finish(Claimed m, Outcome outcome) {
    Instant now = clock.instant();
    Ending end =
        switch (outcome) {
          case Outcome.Delivered d -> new Ending("delivered", now, null, null);
          case Outcome.Rejected r -> {
            String error = redaction.apply(r.error());
            log.warn(
                "{} refused {} {} for good: {}", m.connector(), m.recordKey(), m.event(), error);
            yield new Ending("dead", null, null, error);
          }
          case Outcome.Retry r -> {
            String error = redaction.apply(r.error());
            boolean dead = settings.maxAttempts() > 0 && m.attempts() >= settings.maxAttempts();
            Duration wait = r.after() != null ? r.after() : backoff(m.attempts());
            // Every retry at debug; the first, each power of two and the last at warn, so a
            // tool that is down for hours does not flood the log.
            boolean loud = dead || Integer.bitCount(m.attempts()) == 1;
            (loud ? log.atWarn() : log.atDebug())
                .log(
                    "{} {} {}: attempt {} failed ({}); {}",
                    m.connector(),
                    m.recordKey(),
                    m.event(),
                    m.attempts(),
                    error,
                    dead ? "giving up" : "retrying in " + wait);
            yield new Ending(dead ? "dead" : "pending", null, now.plus(wait), error);
          }
        };
    db.tx(
        c ->
            Database.update(
                c,
                "UPDATE bridge_outbox SET state = ?, delivered_at = COALESCE(?, delivered_at), available_at = COALESCE(?, available_at), claimed_until = NULL, last_error = ? WHERE id = ?",
                end.state(),
                end.deliveredAt(),
                end.availableAt(),
                end.error(),
                m.id()));
    if (outcome instanceof Outcome.Delivered) {
      wake();
    }
  }

  /** Exponential backoff with equal jitter: half the doubled delay, plus up to as much again. */
  Duration backoff(int attempts) {
    long base = settings.initialBackoff().toMillis();
    long max = settings.maxBackoff().toMillis();
    long exp = attempts >= 30 ? max : Math.min(max, base << Math.max(0, attempts - 1));
    long half = exp / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  private Connector.Refs refs(String connector) {
    return new Connector.Refs() {
      @Override
      public Optional<ExternalRef> find(String recordKey) {
        return db.tx(
            c ->
                Database.one(
                    c,
                    "SELECT external_id, external_key, url FROM bridge_external_ref WHERE connector = ? AND record_key = ?",
                    rs -> new ExternalRef(rs.getString(1), rs.getString(2), rs.getString(3)),
                    connector,
                    recordKey));
      }

      @Override
      public void store(String recordKey, ExternalRef ref) {
        db.tx(
            c ->
                Database.update(
                    c,
                    "INSERT INTO bridge_external_ref (connector, record_key, external_id, external_key, url, created_at)"
                        + " VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                    connector,
                    recordKey,
                    ref.externalId(),
                    ref.externalKey(),
                    ref.url(),
                    clock.instant()));
      }

      @Override
      public void report(
          String recordKey, String reportId, String kind, String message, Map<String, ?> details) {
        db.tx(
            c ->
                TimelineSql.appendOnce(
                    c, recordKey, reportId, clock.instant(), kind, message, connector, details));
      }

      @Override
      public Map<String, Object> written(String recordKey) {
        return db.tx(
            c ->
                Database.one(
                        c,
                        "SELECT written::text FROM bridge_external_ref WHERE connector = ? AND record_key = ?",
                        rs -> rs.getString(1) == null ? "{}" : rs.getString(1),
                        connector,
                        recordKey)
                    .map(Json::readMap)
                    .orElseGet(Map::of));
      }

      @Override
      public void wrote(String recordKey, Map<String, ?> fields) {
        db.tx(
            c ->
                Database.update(
                    c,
                    "UPDATE bridge_external_ref SET written = COALESCE(written, '{}'::jsonb) || ?"
                        + " WHERE connector = ? AND record_key = ?",
                    new Database.Jsonb(Json.write(fields)),
                    connector,
                    recordKey));
      }
    };
  }

  /** Stops the threads; a message being delivered is finished or left to its lease. */
  @Override
  public synchronized void close() {
    running = false;
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      try {
        t.join(settings.requestTimeout().toMillis() * 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
  }
}
