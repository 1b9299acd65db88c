package dev.burnrate.bridge.internal.request;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.record.TimelineSql;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fulfilment targets' shell: on every tick asks {@link RequestTargets} which requests breached
 * their target, records each breach once on the request's timeline and counts it in {@code
 * burnrate.bridge.request.breaches} by type.
 */
public final class RequestTargetChecks {
  /** The counter of recorded breaches, tagged {@code type}. */
  public static final String BREACHES = "burnrate.bridge.request.breaches";

  private static final int BATCH = 500;

  private final BridgeContext ctx;
  private final MeterRegistry registry;

  /** The checks over a context; registers the counter of every catalog type at zero. */
  public RequestTargetChecks(BridgeContext ctx, MeterRegistry registry) {
    this.ctx = requireNonNull(ctx, "ctx");
    this.registry = requireNonNull(registry, "registry");
    ctx.catalog().requests().types().forEach(t -> counter(t.name()));
  }

  /** Checks every open or late-finished request with a target at now; returns the breached keys. */
  public List<String> check() {
    Instant now = ctx.now();
    List<String> breached = new ArrayList<>();
    for (String key : ctx.db().tx(c -> RequestSql.overdue(c, now, BATCH))) {
      Optional<String> type =
          ctx.tx(
              c -> {
                Optional<ServiceRequest> r = RequestSql.request(c, key, true);
                Optional<RequestTargets.Breach> b =
                    r.flatMap(req -> RequestTargets.check(req, now));
                if (b.isEmpty()) {
                  return Optional.empty();
                }
                RequestSql.markBreached(c, b.get().next());
                TimelineSql.append(
                    c, key, now, "breached", b.get().message(), "burnrate", b.get().details());
                return Optional.of(b.get().next().type());
              });
      // Counted once the breach is committed, so a rolled-back check counts nothing.
      type.ifPresent(
          t -> {
            counter(t).increment();
            breached.add(key);
          });
    }
    return breached;
  }

  private Counter counter(String type) {
    return Counter.builder(BREACHES)
        .description("Service requests that missed their fulfilment target, by type")
        .tag("type", type)
        .register(registry);
  }
}
