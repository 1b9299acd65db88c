package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.OutboxSettings;
import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.FakeItsm.Fault;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.ExternalRef;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every ITSM connector passes, each against a local fake of its tool: one external
 * record per Burnrate record whatever the faults, retries on 429/5xx/timeouts/dropped connections,
 * Retry-After honoured, and the record's lifecycle reaching the tool.
 */
abstract class ConnectorContractIT {
  static final OutboxSettings OUTBOX =
      new OutboxSettings(
          1,
          Duration.ofMillis(50),
          Duration.ofMillis(10),
          Duration.ofMillis(100),
          0,
          Duration.ofMillis(400),
          Duration.ofSeconds(2),
          Duration.ZERO,
          OutboxSettings.DEFAULT_RETENTION);

  protected FakeItsm fake;
  protected Connector connector;
  protected final Map<String, ExternalRef> stored = new ConcurrentHashMap<>();

  /** What the connector wrote of the fields Burnrate owns, as the outbox keeps it. */
  protected final Map<String, ObjectNode> written = new ConcurrentHashMap<>();

  private final AtomicLong ids = new AtomicLong();
  private final Map<String, Long> messageIds = new ConcurrentHashMap<>();

  /** Starts the fake of the tool. */
  protected abstract FakeItsm startFake();

  /** The connector's settings pointing at the fake. */
  protected abstract ConnectorSettings settings(URI url, boolean rightCredentials);

  private static final java.util.Set<Class<?>> WARMED = ConcurrentHashMap.newKeySet();

  /**
   * Once per test class, one record through a throwaway fake with a generous timeout: the JVM loads
   * the connector's, Jackson's and the HTTP client's classes there, so the tests' 400 ms timeout
   * measures the connector and not a cold JVM on a busy machine.
   */
  private void warmUp() {
    OutboxSettings generous =
        new OutboxSettings(
            1,
            Duration.ofMillis(50),
            Duration.ofMillis(10),
            Duration.ofMillis(100),
            0,
            Duration.ofSeconds(10),
            Duration.ofSeconds(40),
            Duration.ZERO,
            OutboxSettings.DEFAULT_RETENTION);
    try (FakeItsm warm = startFake()) {
      Connector c = Connectors.create(settings(warm.url(), true), generous, Clock.systemUTC());
      Map<String, ExternalRef> refs = new ConcurrentHashMap<>();
      c.deliver(
          new Delivery(
              1,
              "opened",
              "opened INC-0",
              TestSnapshots.of(incident("INC-0", "open", "P3")),
              false,
              null,
              Instant.now(),
              new Connector.Refs() {
                @Override
                public Optional<ExternalRef> find(String recordKey) {
                  return Optional.ofNullable(refs.get(recordKey));
                }

                @Override
                public void store(String recordKey, ExternalRef ref) {
                  refs.putIfAbsent(recordKey, ref);
                }
              }));
    } catch (Exception | AssertionError e) {
      // Only a warm-up: whatever it met, the tests themselves decide.
    }
  }

  @BeforeEach
  void start() {
    if (WARMED.add(getClass())) {
      warmUp();
    }
    fake = startFake();
    fake.slowMillis = 1200;
    connector = Connectors.create(settings(fake.url(), true), OUTBOX, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  protected final Connector.Refs refs =
      new Connector.Refs() {
        @Override
        public Optional<ExternalRef> find(String recordKey) {
          return Optional.ofNullable(stored.get(recordKey));
        }

        @Override
        public void store(String recordKey, ExternalRef ref) {
          stored.putIfAbsent(recordKey, ref);
        }

        @Override
        public Map<String, Object> written(String recordKey) {
          ObjectNode w = written.get(recordKey);
          return ToolJson.toMap(w == null ? ToolJson.object() : w);
        }

        @Override
        public void wrote(String recordKey, Map<String, ?> fields) {
          written
              .computeIfAbsent(recordKey, k -> ToolJson.object())
              .setAll(ToolJson.toObject(fields));
        }
      };

  static ObjectNode incident(String key, String state, String priority) {
    ObjectNode o = ToolJson.object();
    o.put("kind", "incident");
    o.put("key", key);
    o.put("title", "checkout is burning the error budget of SLO checkout-availability");
    o.put("service", "checkout");
    o.put("slo", "checkout-availability");
    o.put("severity", priority.equals("P1") || priority.equals("P2") ? "page" : "ticket");
    o.put("priority", priority);
    o.put("state", state);
    o.put("source", "slo");
    o.put("openedAt", "2025-01-31T12:00:00Z");
    o.putNull("resolution");
    o.set("impactedServices", ToolJson.strings(List.of("web")));
    o.set("activeAlerts", ToolJson.array());
    o.set("links", ToolJson.array());
    o.set("timeline", ToolJson.array());
    return o;
  }

  static ObjectNode problem(String key, List<String> incidents) {
    ObjectNode o = ToolJson.object();
    o.put("kind", "problem");
    o.put("key", key);
    o.put("title", "Recurring incidents on SLO checkout-availability");
    o.set("services", ToolJson.strings(List.of("checkout")));
    o.put("state", "open");
    o.putNull("rootCause");
    o.putNull("workaround");
    o.put("knownError", false);
    ArrayNode a = o.putArray("incidents");
    incidents.forEach(a::add);
    o.set("links", ToolJson.array());
    return o;
  }

  private final java.util.Set<String> attempted = ConcurrentHashMap.newKeySet();

  protected Outcome deliver(String event, ObjectNode record, boolean inDoubt)
      throws InterruptedException {
    Instant now = Instant.now();
    // As in the outbox, any attempt after the first of one message is in doubt.
    inDoubt |=
        !attempted.add(
            event + " " + record.path("key").asText() + " " + record.path("state").asText());
    long id =
        messageIds.computeIfAbsent(
            event + " " + record.path("key").asText() + " " + record.path("state").asText(),
            k -> ids.incrementAndGet());
    return connector.deliver(
        new Delivery(
            id,
            event,
            event + " " + record.path("key").asText(),
            TestSnapshots.of(record),
            inDoubt,
            inDoubt ? now.minusSeconds(60) : null,
            now,
            refs));
  }

  /** Delivers until the tool takes it, as the outbox would (every retry is in doubt). */
  protected void deliverUntilDone(String event, ObjectNode record) throws InterruptedException {
    boolean inDoubt = false;
    for (int i = 0; i < 20; i++) {
      Outcome o = deliver(event, record, inDoubt);
      if (o instanceof Outcome.Delivered) {
        return;
      }
      assertThat(o).isInstanceOf(Outcome.Retry.class);
      inDoubt = true;
    }
    throw new AssertionError("not delivered after 20 attempts");
  }

  @Test
  void opened_createsOneExternalRecord_andStoresItsId() throws Exception {
    assertThat(deliver("opened", incident("INC-1", "open", "P1"), false))
        .isInstanceOf(Outcome.Delivered.class);

    assertThat(fake.recordsFor("INC-1")).isEqualTo(1);
    assertThat(stored).containsKey("INC-1");
    assertThat(fake.state("INC-1")).isEqualTo("open");
  }

  @Test
  void lifecycle_escalateAcknowledgeResolve_reachesTheTool_withOneRecord() throws Exception {
    deliverUntilDone("opened", incident("INC-2", "open", "P3"));
    deliverUntilDone("escalated", incident("INC-2", "open", "P1"));
    deliverUntilDone("acknowledged", incident("INC-2", "acknowledged", "P1"));
    deliverUntilDone("commented", incident("INC-2", "acknowledged", "P1"));
    deliverUntilDone("resolved", incident("INC-2", "resolved", "P1"));

    assertThat(fake.recordsFor("INC-2")).isEqualTo(1);
    assertThat(fake.state("INC-2")).isEqualTo("resolved");
  }

  @Test
  void rateLimited_isARetry_afterTheRetryAfterHeader() throws Exception {
    fake.failNext(Fault.RATE_LIMIT);

    Outcome o = deliver("opened", incident("INC-3", "open", "P2"), false);

    assertThat(o).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) o).after()).isEqualTo(Duration.ofSeconds(1));
    assertThat(fake.recordsFor("INC-3")).isZero();
  }

  @Test
  void serverErrorsAndDroppedConnections_areRetries_andTheRetryCreatesOneRecord() throws Exception {
    fake.failNext(Fault.SERVER_ERROR, Fault.DROP);

    assertThat(deliver("opened", incident("INC-4", "open", "P2"), false))
        .isInstanceOf(Outcome.Retry.class);
    // The dropped connection fails the next attempt (or is retried at once by the HTTP client
    // when the request was an idempotent GET); either way the record is created once.
    deliverUntilDone("opened", incident("INC-4", "open", "P2"));

    assertThat(fake.recordsFor("INC-4")).isEqualTo(1);
  }

  @Test
  void aSlowAnswerPastTheTimeout_isARetry_andTheRetryDoesNotDuplicate() throws Exception {
    // Every request is slow once: the create is done at the tool but its answer comes too late.
    fake.failNext(Fault.SLOW, Fault.SLOW, Fault.SLOW);

    assertThat(deliver("opened", incident("INC-5", "open", "P1"), false))
        .isInstanceOf(Outcome.Retry.class);
    deliverUntilDone("opened", incident("INC-5", "open", "P1"));

    assertThat(fake.recordsFor("INC-5")).isEqualTo(1);
  }

  @Test
  void createdButTheAnswerLost_thenRetriedInDoubt_createsNoSecondRecord() throws Exception {
    fake.failNext(Fault.PROCESS_THEN_DROP, Fault.PROCESS_THEN_DROP);

    assertThat(deliver("opened", incident("INC-6", "open", "P1"), false))
        .isInstanceOf(Outcome.Retry.class);
    deliverUntilDone("opened", incident("INC-6", "open", "P1"));
    deliverUntilDone("resolved", incident("INC-6", "resolved", "P1"));

    assertThat(fake.recordsFor("INC-6")).isEqualTo(1);
    assertThat(fake.state("INC-6")).isEqualTo("resolved");
  }

  @Test
  void wrongCredentials_createNothing_andAreNotReportedAsDelivered() throws Exception {
    connector = Connectors.create(settings(fake.url(), false), OUTBOX, Clock.systemUTC());

    Outcome o = deliver("opened", incident("INC-7", "open", "P1"), false);

    assertThat(o).isNotInstanceOf(Outcome.Delivered.class);
    assertThat(fake.recordCount()).isZero();
    assertThat(settings(fake.url(), true).toString()).contains("***").doesNotContain("s3cr3t");
  }
}
