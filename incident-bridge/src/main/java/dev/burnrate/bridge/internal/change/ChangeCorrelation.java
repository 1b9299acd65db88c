package dev.burnrate.bridge.internal.change;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.record.LinkSql;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Names recent changes on an incident's service, or one it depends on, as suspected causes. */
public final class ChangeCorrelation {
  private final BridgeContext ctx;

  /** Correlation over a context. */
  public ChangeCorrelation(BridgeContext ctx) {
    this.ctx = ctx;
  }

  /** Links the changes of the correlation window to a new incident, both ways on the timeline. */
  public void correlate(
      Connection c, String incidentKey, String incidentTitle, String service, Instant now)
      throws SQLException {
    Set<String> services = new LinkedHashSet<>();
    services.add(service);
    services.addAll(ctx.catalog().dependenciesOf(service));
    Duration window = ctx.settings().changeCorrelationWindow();
    for (Change ch : ChangeSql.changesBetween(c, List.copyOf(services), now.minus(window), now)) {
      if (!LinkSql.link(c, incidentKey, ch.key(), "suspected-cause", null, now, "burnrate")) {
        continue;
      }
      long minutes = Duration.between(ch.startedAt(), now).toMinutes();
      if (ch.started() && ChangeSql.markSuspect(c, ch.key(), incidentKey)) {
        TimelineSql.append(
            c,
            ch.key(),
            now,
            "failed-suspect",
            "Marked failed-suspect: "
                + incidentKey
                + " opened on "
                + service
                + " inside the correlation window ("
                + window
                + ")",
            "burnrate",
            Map.of());
      }
      String where =
          ch.service().equals(service)
              ? "on " + ch.service()
              : "on " + ch.service() + ", which " + service + " depends on";
      String what =
          ch.kind()
              + " change '"
              + ch.title()
              + "'"
              + (ch.sourceVersion() == null ? "" : " (version " + ch.sourceVersion() + ")");
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("change", ch.key());
      d.put("minutesBefore", minutes);
      TimelineSql.append(
          c,
          incidentKey,
          now,
          "suspected-cause",
          "Suspected cause: "
              + ch.key()
              + ", "
              + what
              + " "
              + where
              + ", started "
              + minutes
              + " min before the incident",
          "burnrate",
          d);
      TimelineSql.append(
          c,
          ch.key(),
          now,
          "suspected-cause",
          "Suspected cause of "
              + incidentKey
              + " ("
              + incidentTitle
              + "), opened "
              + minutes
              + " min after it started",
          "burnrate",
          Map.of("incident", incidentKey));
    }
  }
}
