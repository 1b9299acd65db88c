package dev.burnrate.bridge.internal.problem;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.change.ChangeSql;
import dev.burnrate.bridge.internal.incident.IncidentSql;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.LinkSql;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.bridge.internal.record.Page;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** What people do to problems through the API: open, update, declare known errors, resolve. */
public final class ProblemService {
  private final BridgeContext ctx;
  private final FixVerification fixes;

  /** A service over a context. */
  public ProblemService(BridgeContext ctx) {
    this.ctx = ctx;
    this.fixes = new FixVerification(ctx);
  }

  /**
   * Names the change that fixes a problem (replacing an earlier one): once it completes and no
   * incident recurs for the fix quiet period, the problem resolves.
   */
  public ProblemView fix(String key, String changeKey, String by) {
    return ctx.tx(
        c -> {
          Problem p = find(c, key, true);
          if (p.state() != ProblemState.OPEN && p.state() != ProblemState.KNOWN_ERROR) {
            throw BridgeException.conflict(
                key + " is " + p.state().wire() + "; only an unresolved problem gets a fix");
          }
          if (ChangeSql.change(c, changeKey, false).isEmpty()) {
            throw BridgeException.invalid("change", "no change " + changeKey);
          }
          Instant now = ctx.now();
          java.util.Optional<ProblemFix> old = ProblemFixSql.of(c, key);
          if (old.isPresent() && !old.get().changeKey().equals(changeKey)) {
            LinkSql.unlink(c, key, old.get().changeKey(), "fix");
          }
          ProblemFixSql.put(c, new ProblemFix(key, changeKey, now, by, null));
          LinkSql.link(c, key, changeKey, "fix", null, now, by);
          String message = "Fix: " + changeKey + ", named by " + by;
          TimelineSql.append(c, key, now, "fix", message, by, Map.of());
          TimelineSql.append(
              c,
              changeKey,
              now,
              "fix",
              "Fixes problem " + key + " (" + p.title() + ")",
              by,
              Map.of());
          ProblemView v = ProblemView.of(c, p, true);
          ctx.outbox().enqueue(c, ProblemSnapshots.of(c, p), "linked", message, now);
          return v;
        });
  }

  /** Resolves every problem whose fix completed and proved itself; returns their keys. */
  public List<String> verifyFixes() {
    return fixes.verify();
  }

  /** The problem of a key; {@link BridgeException.NotFound} when there is none. */
  public static Problem find(Connection c, String key, boolean lock) throws SQLException {
    return ProblemSql.problem(c, key, lock)
        .orElseThrow(() -> BridgeException.notFound("no problem " + key));
  }

  /** A page of problems. */
  public Page<ProblemView> list(ListFilter f) {
    return ctx.page(
        f, c -> ProblemSql.problems(c, f), Problem::key, (c, p) -> ProblemView.of(c, p, false));
  }

  /** One problem. */
  public ProblemView problem(String key) {
    return ctx.db().tx(c -> ProblemView.read(c, find(c, key, false)));
  }

  /** Opens a problem by hand, linking the given incidents. */
  public ProblemView open(String title, List<String> services, List<String> incidents, String by) {
    for (String s : services) {
      ctx.checkService("services", s);
    }
    return ctx.tx(
        c -> {
          Instant now = ctx.now();
          for (String k : incidents) {
            if (IncidentSql.incident(c, k, false).isEmpty()) {
              throw BridgeException.invalid("incidents", "no incident " + k);
            }
          }
          Problem p = ProblemSql.insertProblem(c, title, "manual", null, services, now);
          TimelineSql.append(
              c, p.key(), now, "opened", "Opened by " + by + ": " + title, by, Map.of());
          for (String k : incidents) {
            LinkSql.link(c, k, p.key(), "problem", null, now, by);
            TimelineSql.append(
                c, k, now, "problem", "Linked to problem " + p.key() + " by " + by, by, Map.of());
          }
          ProblemView v = ProblemView.of(c, p, true);
          ctx.outbox().enqueue(c, ProblemSnapshots.of(c, p), "opened", "Opened by " + by, now);
          return v;
        });
  }

  /** Changes a problem's title, root cause or workaround (null: unchanged). */
  public ProblemView update(
      String key, String title, String rootCause, String workaround, String by) {
    return act(
        key,
        by,
        "updated",
        p -> p.update(title, rootCause, workaround),
        "Updated by "
            + by
            + (rootCause == null ? "" : "; root cause: " + rootCause)
            + (workaround == null ? "" : "; workaround: " + workaround));
  }

  /** Marks a problem a known error (root cause and workaround known). */
  public ProblemView knownError(String key, String by) {
    return act(
        key, by, "known_error", p -> p.knownError(ctx.now()), "Known error, declared by " + by);
  }

  /** Resolves a problem (its fix is in place). */
  public ProblemView resolve(String key, String by) {
    return act(key, by, "resolved", p -> p.resolve(ctx.now()), "Resolved by " + by);
  }

  /** Closes a problem: only ever by a person's decision. */
  public ProblemView close(String key, String by) {
    return act(key, by, "closed", p -> p.close(ctx.now(), by), "Closed by " + by);
  }

  private ProblemView act(
      String key, String by, String event, UnaryOperator<Problem> change, String message) {
    return ctx.tx(
        c -> {
          Problem p = find(c, key, true);
          Problem next = change.apply(p);
          Instant now = ctx.now();
          ProblemSql.updateProblem(c, next);
          TimelineSql.append(c, key, now, event, message, by, Map.of());
          ProblemView v = ProblemView.of(c, next, true);
          ctx.outbox().enqueue(c, ProblemSnapshots.of(c, next), event, message, now);
          return v;
        });
  }
}
