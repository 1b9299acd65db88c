package dev.burnrate.bridge.internal.problem;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.change.Change;
import dev.burnrate.bridge.internal.change.ChangeSql;
import dev.burnrate.bridge.internal.problem.ProblemDecisions.Effects;
import dev.burnrate.bridge.internal.record.LinkSql;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fix rule's shell: on every tick, asks {@link ProblemDecisions} whether each problem's fix
 * change completed and proved itself, and writes it.
 */
final class FixVerification {
  private final BridgeContext ctx;

  FixVerification(BridgeContext ctx) {
    this.ctx = ctx;
  }

  /** Checks every unresolved problem with a fix; returns the keys it resolved. */
  List<String> verify() {
    Instant now = ctx.now();
    Duration quiet = ctx.settings().problems().fixQuietPeriod();
    List<String> resolved = new ArrayList<>();
    for (String key : ctx.db().tx(ProblemFixSql::unresolvedWithFix)) {
      boolean done =
          ctx.tx(
              c -> {
                Problem p = ProblemService.find(c, key, true);
                Optional<ProblemFix> fix = ProblemFixSql.of(c, key);
                if (fix.isEmpty()) {
                  return false;
                }
                Optional<Change> change = ChangeSql.change(c, fix.get().changeKey(), false);
                if (change.isEmpty()) {
                  return false;
                }
                Optional<Effects> e =
                    ProblemDecisions.verify(
                        p,
                        fix.get(),
                        change.get().state(),
                        change.get().endedAt(),
                        ProblemFixSql.lastRecurrence(c, key),
                        now,
                        quiet);
                if (e.isEmpty()) {
                  return false;
                }
                if (e.get().fix() == null) {
                  ProblemFixSql.delete(c, key);
                  LinkSql.unlink(c, key, fix.get().changeKey(), "fix");
                  TimelineSql.append(
                      c, key, now, "fix_failed", e.get().message(), "burnrate", Map.of());
                  ctx.outbox()
                      .enqueue(c, ProblemSnapshots.of(c, p), "updated", e.get().message(), now);
                  return false;
                }
                ProblemFixSql.put(c, e.get().fix());
                if (fix.get().completedAt() == null && e.get().fix().completedAt() != null) {
                  TimelineSql.append(
                      c,
                      key,
                      now,
                      "fix_completed",
                      "Fix "
                          + e.get().fix().changeKey()
                          + " completed; resolves when no incident recurs for "
                          + dev.burnrate.bridge.internal.alert.AlertSignal.fmt(quiet),
                      "burnrate",
                      Map.of());
                }
                if (e.get().message() == null) {
                  return false;
                }
                ProblemSql.updateProblem(c, e.get().problem());
                TimelineSql.append(
                    c, key, now, "resolved", e.get().message(), "burnrate", Map.of());
                ctx.outbox()
                    .enqueue(
                        c,
                        ProblemSnapshots.of(c, e.get().problem()),
                        "resolved",
                        e.get().message(),
                        now);
                return true;
              });
      if (done) {
        resolved.add(key);
      }
    }
    return resolved;
  }
}
