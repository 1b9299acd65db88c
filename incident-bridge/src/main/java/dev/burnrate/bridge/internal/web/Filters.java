package dev.burnrate.bridge.internal.web;

import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.yaml.Durations;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;

/** Reads the query parameters of a list request: state, service, severity, since, limit, cursor. */
final class Filters {
  private static final Set<String> SEVERITIES = Set.of("page", "ticket");

  private Filters() {}

  /**
   * The query parameter {@code name}, or {@code fallback} when it is absent; a 400 that says {@code
   * must} when {@code allowed} refuses it.
   */
  static String param(
      RoutingContext ctx, String name, Predicate<String> allowed, String fallback, String must) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return fallback;
    }
    if (!allowed.test(value)) {
      throw HttpProblem.badRequest(name, must);
    }
    return value;
  }

  static ListFilter of(RoutingContext ctx, Set<String> states, Clock clock) {
    var q = ctx.queryParams();
    String state =
        param(
            ctx,
            "state",
            states::contains,
            null,
            "state must be one of " + states.stream().sorted().toList());
    String severity =
        param(ctx, "severity", SEVERITIES::contains, null, "severity must be page or ticket");
    Instant since = null;
    String s = q.get("since");
    if (s != null) {
      if (s.matches("[0-9]+(ms|s|m|h|d|w)([0-9]+(ms|s|m|h|d|w))*")) {
        try {
          since = clock.instant().minus(Durations.parse(s));
          Fields.checkRange("since", since);
        } catch (IllegalArgumentException | DateTimeException e) {
          throw HttpProblem.badRequest("since", "since reaches before the year 0000: " + s);
        }
      } else {
        since = Fields.instant("since", s);
      }
    }
    int limit = 50;
    String l = q.get("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 500) {
        throw HttpProblem.badRequest("limit", "limit must be a whole number from 1 to 500");
      }
    }
    Long before = null;
    String cursor = q.get("cursor");
    if (cursor != null) {
      if (!cursor.matches("[A-Z]{3}-[0-9]{1,18}")) {
        throw HttpProblem.badRequest("cursor", "cursor must be the nextCursor of a previous page");
      }
      before = Long.parseLong(cursor.substring(4));
    }
    return new ListFilter(state, q.get("service"), severity, q.get("slo"), since, before, limit);
  }
}
