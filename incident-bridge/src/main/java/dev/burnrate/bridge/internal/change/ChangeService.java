package dev.burnrate.bridge.internal.change;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.record.Actors;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.bridge.internal.record.Page;
import dev.burnrate.bridge.internal.record.TimelineSql;
import dev.burnrate.bridge.internal.request.RequestSql;
import dev.burnrate.bridge.internal.request.ServiceRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What pipelines and people do to changes through the API: record, update, read. */
public final class ChangeService {
  private final BridgeContext ctx;

  /** A service over a context. */
  public ChangeService(BridgeContext ctx) {
    this.ctx = ctx;
  }

  /** The change of a key; {@link BridgeException.NotFound} when there is none. */
  public static Change find(Connection c, String key, boolean lock) throws SQLException {
    return ChangeSql.change(c, key, lock)
        .orElseThrow(() -> BridgeException.notFound("no change " + key));
  }

  /** A page of changes. */
  public Page<ChangeView> list(ListFilter f) {
    Instant now = ctx.now();
    return ctx.page(
        f, c -> ChangeSql.changes(c, f), Change::key, (c, ch) -> view(c, ch, false, now));
  }

  /** One change. */
  public ChangeView change(String key) {
    Instant now = ctx.now();
    return ctx.db()
        .tx(
            c ->
                ChangeView.enabled(
                    c,
                    find(c, key, false),
                    true,
                    true,
                    now,
                    ctx.settings().changeCorrelationWindow()));
  }

  /** A change's view with its approvals and its outcome at {@code now}. */
  ChangeView view(Connection c, Change ch, boolean full, Instant now) throws SQLException {
    return ChangeView.enabled(c, ch, full, false, now, ctx.settings().changeCorrelationWindow());
  }

  /**
   * A change as the policy records it: its approval rule, the state it starts in, and what its
   * template fills in; a change recorded as under way must be allowed to start.
   */
  Change prepare(Connection c, Change input, Instant now) throws SQLException {
    return prepare(c, input, false, now);
  }

  private Change prepare(Connection c, Change input, boolean stateDefaulted, Instant now)
      throws SQLException {
    ChangePolicy policy = ctx.settings().changePolicy();
    String template = input.plan().template();
    Change ch = input;
    if (template != null && policy.templates().containsKey(template)) {
      ChangePolicy.Template t = policy.templates().get(template);
      ChangePlan p = ch.plan();
      ch =
          ch.planned(
                  new ChangePlan(
                      p.windowStart(),
                      p.windowEnd(),
                      p.rollbackPlan() == null ? t.rollbackPlan() : p.rollbackPlan(),
                      p.risk() == null ? t.risk() : p.risk(),
                      template),
                  ch.requestedBy(),
                  ch.committedAt())
              .titled(ch.title() == null ? t.title() : ch.title());
    }
    ApprovalRule rule =
        ChangeDecisions.approvalFor(
            ch.kind(), template, ch.service(), policy, ctx.catalog().approversOf(ch.service()));
    ChangeState asked =
        stateDefaulted && (rule.needed() || ch.plan().windowStart() != null)
            ? ChangeState.PLANNED
            : ch.state();
    ch = ch.needing(rule, ChangeDecisions.initialState(rule, asked, ch));
    if (ch.started()) {
      Instant at = ch.startedAt() == null ? now : ch.startedAt();
      checkStart(c, ch, at);
    }
    return ch;
  }

  private void checkStart(Connection c, Change ch, Instant at) throws SQLException {
    List<ServiceRequest> exceptions =
        RequestSql.requestsInForce(c, ch.service(), "freeze_exception", at);
    Optional<String> why =
        ChangeDecisions.whyNotStart(ch, ctx.settings().changePolicy().blackouts(), exceptions, at);
    if (why.isPresent()) {
      throw BridgeException.conflict(why.get());
    }
  }

  /**
   * Records a change; a change with the same source system and external id is returned as it is (CI
   * retries are safe). The boolean says whether it was created.
   */
  public Map.Entry<Boolean, ChangeView> record(Change input, String by) {
    return record(input, false, by);
  }

  /**
   * Records a change as {@link #record(Change, String)} does; with {@code stateDefaulted} (the
   * caller named no state) a change that needs approval or has an implementation window is recorded
   * as planned rather than under way.
   */
  public Map.Entry<Boolean, ChangeView> record(Change input, boolean stateDefaulted, String by) {
    ctx.checkService("service", input.service());
    return ctx.tx(
        c -> {
          Instant now = ctx.now();
          if (input.externalId() != null) {
            Database.lock(c, "change:" + input.sourceSystem() + ":" + input.externalId());
            Optional<Change> existing =
                ChangeSql.changeByExternalId(c, input.sourceSystem(), input.externalId());
            if (existing.isPresent()) {
              return Map.entry(false, view(c, existing.get(), true, now));
            }
          }
          Change ch = insert(c, prepare(c, input, stateDefaulted, now), by);
          return Map.entry(true, view(c, ch, true, now));
        });
  }

  /** Stores a change, notes it on its timeline and tells the tools. */
  Change insert(Connection c, Change input, String by) throws SQLException {
    Instant now = ctx.now();
    Change ch = ChangeSql.insertChange(c, input.recordedAt(now));
    String msg =
        "Recorded by "
            + by
            + ": "
            + ch.kind()
            + " change of "
            + ch.service()
            + (ch.sourceVersion() == null ? "" : " to " + ch.sourceVersion())
            + (ch.sourceSystem() == null ? "" : " from " + ch.sourceSystem())
            + (ch.flagged() ? "; emergency change, flagged for review" : "")
            + (ch.plan().template() == null
                ? ""
                : "; standard change from template '" + ch.plan().template() + "', pre-approved")
            + (ch.approval().needed()
                ? "; needs " + ChangeDecisions.approvals(ch.approval()) + " before it starts"
                : "");
    TimelineSql.append(c, ch.key(), now, "recorded", msg, by, Map.of());
    ctx.outbox().enqueue(c, ChangeSnapshots.of(c, ch), "opened", msg, now);
    return ch;
  }

  /**
   * Updates a change's state or end time (CI reports completion); a change that starts must have
   * its approvals, be inside its window and outside any blackout.
   */
  public ChangeView update(String key, ChangeState state, Instant endedAt, String by) {
    return ctx.tx(
        c -> {
          Instant now = ctx.now();
          Change cur = find(c, key, true);
          if (state == ChangeState.APPROVED
              && cur.approval().needed()
              && cur.state() != ChangeState.APPROVED) {
            throw BridgeException.conflict(
                key
                    + " needs "
                    + ChangeDecisions.approvals(cur.approval())
                    + "; approve it through POST /api/v1/changes/"
                    + key
                    + "/approve");
          }
          boolean starting =
              state != null
                  && !cur.started()
                  && (state == ChangeState.IN_PROGRESS
                      || state == ChangeState.COMPLETED
                      || state == ChangeState.FAILED);
          if (starting) {
            checkStart(c, cur, now);
          }
          Change next = cur.update(state, endedAt, starting && endedAt == null, now);
          ChangeSql.updateChange(c, next);
          String msg =
              "Updated by "
                  + by
                  + ": state "
                  + next.state().wire()
                  + (next.endedAt() == null ? "" : ", ended " + next.endedAt());
          TimelineSql.append(c, key, now, "updated", msg, by, Map.of());
          ctx.outbox().enqueue(c, ChangeSnapshots.of(c, next), "updated", msg, now);
          return view(c, next, true, now);
        });
  }

  /**
   * An approver approves or rejects a planned change; enough approvals make it approved, one
   * rejection rejects it.
   */
  public ChangeView decide(String key, boolean approve, String by, String comment) {
    return ctx.tx(
        c -> {
          Instant now = ctx.now();
          Change cur = find(c, key, true);
          ChangeDecisions.Effect e =
              ChangeDecisions.decide(cur, ChangeSql.approvals(c, key), by, approve, comment, now);
          ChangeSql.insertApproval(c, e.row(), Actors.identity(by));
          String kind = approve ? "approved" : "rejected";
          TimelineSql.append(c, key, now, kind, e.message(), by, Map.of());
          if (e.next().state() != cur.state()) {
            ChangeSql.updateChange(c, e.next());
            ctx.outbox().enqueue(c, ChangeSnapshots.of(c, e.next()), "updated", e.message(), now);
          }
          return view(c, e.next(), true, now);
        });
  }
}
