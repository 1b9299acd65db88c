package dev.burnrate.bridge.internal;

import dev.burnrate.bridge.internal.change.ChangeService;
import dev.burnrate.bridge.internal.change.ChangeSnapshots;
import dev.burnrate.bridge.internal.change.ChangeView;
import dev.burnrate.bridge.internal.incident.IncidentService;
import dev.burnrate.bridge.internal.incident.IncidentSnapshots;
import dev.burnrate.bridge.internal.incident.IncidentView;
import dev.burnrate.bridge.internal.outbox.Snapshot;
import dev.burnrate.bridge.internal.problem.ProblemService;
import dev.burnrate.bridge.internal.problem.ProblemSnapshots;
import dev.burnrate.bridge.internal.problem.ProblemView;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.Link;
import dev.burnrate.bridge.internal.record.LinkSql;
import dev.burnrate.bridge.internal.record.RecordKeys;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/** What any record kind allows: comments and links, and its full view by key. */
public final class Records {
  private final BridgeContext ctx;

  /** Records over a context. */
  public Records(BridgeContext ctx) {
    this.ctx = ctx;
  }

  /** Adds a comment to a record's timeline. */
  public Object comment(String key, String by, String text) {
    return ctx.tx(
        c -> {
          view(c, key);
          Instant now = ctx.now();
          TimelineSql.append(c, key, now, "comment", text, by, Map.of());
          Object view = view(c, key);
          ctx.outbox().enqueue(c, snapshot(c, key), "commented", by + ": " + text, now);
          return view;
        });
  }

  /** Links a record to another record or to an external one. */
  public Object link(String key, String target, String relation, String url, String by) {
    return ctx.tx(
        c -> {
          view(c, key);
          String rel = relation;
          boolean internal = RecordKeys.isInternal(target);
          if (internal) {
            view(c, target);
            if (target.equals(key)) {
              throw BridgeException.invalid("target", "a record cannot link to itself");
            }
            if (rel == null) {
              rel = RecordKeys.defaultRelation(target);
            }
          } else {
            if (url == null) {
              throw BridgeException.invalid("url", "an external link needs a url");
            }
            rel = rel == null ? "external" : rel;
          }
          Instant now = ctx.now();
          if (!LinkSql.link(c, key, target, rel, url, now, by)) {
            throw BridgeException.conflict(key + " is already linked to " + target + " as " + rel);
          }
          String msg = "Linked to " + target + " (" + rel + ") by " + by;
          TimelineSql.append(c, key, now, "linked", msg, by, Map.of());
          if (internal) {
            TimelineSql.append(
                c,
                target,
                now,
                "linked",
                "Linked from " + key + " (" + rel + ") by " + by,
                by,
                Map.of());
            ctx.outbox().enqueue(c, snapshot(c, target), "linked", "Linked from " + key, now);
          }
          Object v = view(c, key);
          ctx.outbox().enqueue(c, snapshot(c, key), "linked", msg, now);
          return v;
        });
  }

  /** Removes a link. */
  public Object unlink(String key, String target, String by) {
    return ctx.tx(
        c -> {
          view(c, key);
          boolean any = false;
          for (Link l : LinkSql.of(c, key)) {
            boolean match =
                (l.sourceKey().equals(key) && l.targetKey().equals(target))
                    || (l.targetKey().equals(key) && l.sourceKey().equals(target));
            if (match) {
              any |= LinkSql.unlink(c, key, target, l.relation());
            }
          }
          if (!any) {
            throw BridgeException.notFound(key + " has no link to " + target);
          }
          Instant now = ctx.now();
          TimelineSql.append(
              c, key, now, "unlinked", "Unlinked from " + target + " by " + by, by, Map.of());
          Object v = view(c, key);
          ctx.outbox().enqueue(c, snapshot(c, key), "unlinked", "Unlinked from " + target, now);
          return v;
        });
  }

  /** The full view of any record by key; {@link BridgeException.NotFound} when missing. */
  private static Object view(Connection c, String key) throws SQLException {
    if (key.startsWith(RecordKeys.INCIDENT)) {
      return IncidentView.of(c, IncidentService.find(c, key, false), true);
    }
    if (key.startsWith(RecordKeys.PROBLEM)) {
      return ProblemView.of(c, ProblemService.find(c, key, false), true);
    }
    if (key.startsWith(RecordKeys.CHANGE)) {
      return ChangeView.of(c, ChangeService.find(c, key, false), true);
    }
    throw BridgeException.notFound("no record " + key);
  }

  /** The outbox snapshot of any record by key. */
  private static Snapshot snapshot(Connection c, String key) throws SQLException {
    if (key.startsWith(RecordKeys.INCIDENT)) {
      return IncidentSnapshots.of(c, IncidentService.find(c, key, false));
    }
    if (key.startsWith(RecordKeys.PROBLEM)) {
      return ProblemSnapshots.of(c, ProblemService.find(c, key, false));
    }
    if (key.startsWith(RecordKeys.CHANGE)) {
      return ChangeSnapshots.of(c, ChangeService.find(c, key, false));
    }
    throw BridgeException.notFound("no record " + key);
  }
}
