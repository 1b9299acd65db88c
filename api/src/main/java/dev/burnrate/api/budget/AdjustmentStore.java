package dev.burnrate.api.budget;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.BudgetReset;
import dev.burnrate.ingest.store.BucketHistory;
import dev.burnrate.slo.definition.BudgetAdjustment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/** The SQL of the {@code budget_adjustments} table; every method blocks on the database. */
public final class AdjustmentStore {
  /** The most adjustments the table holds; more are refused. */
  public static final int MAX_ADJUSTMENTS = 10_000;

  /** Where an adjustment came from. */
  public enum Origin {
    /** {@code POST /api/v1/adjustments}. */
    API,
    /** A {@code burnrate.dev/v1 BudgetAdjustment} document in an SLO file. */
    FILE,
    /** An approved {@code budget_reset} service request. */
    BUDGET_RESET;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Origin of(String id) {
      return valueOf(id.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * One stored adjustment.
   *
   * @param adjustment what it leaves out
   * @param origin where it came from
   * @param requestKey the budget reset request it was made from, for {@link Origin#BUDGET_RESET}
   * @param createdAt when it was stored
   */
  public record Stored(
      BudgetAdjustment adjustment, Origin origin, Optional<String> requestKey, Instant createdAt) {
    /** Checks the row. */
    public Stored {
      requireNonNull(adjustment, "adjustment");
      requireNonNull(origin, "origin");
      requireNonNull(requestKey, "requestKey");
      requireNonNull(createdAt, "createdAt");
    }
  }

  /** Thrown when the table already holds {@link #MAX_ADJUSTMENTS}. */
  public static final class FullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FullException() {
      super("there are already " + MAX_ADJUSTMENTS + " budget adjustments; delete old ones first");
    }
  }

  private static final String COLUMNS =
      "id, scope, target, starts_at, ends_at, reason, decided_by, origin, request_key, created_at";

  // An adjustment of a grouped SLO covers its instances, named "<slo>{...}", too.
  private static final String LEFT_OUT =
      "SELECT a.starts_at, a.ends_at FROM budget_adjustments a WHERE (a.scope = 'slo'"
          + " AND (a.target = ? OR left(?, length(a.target) + 1) = a.target || '{'))"
          + " OR (a.scope = 'service' AND a.target = ?) ORDER BY a.id";

  private final DataSource dataSource;

  /** A store over the pool's database, migrated with the api migrations. */
  public AdjustmentStore(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
  }

  /** Every adjustment, by id. */
  public List<Stored> list() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM budget_adjustments ORDER BY id")) {
      return rows(ps);
    }
  }

  /**
   * The periods the adjustments of an SLO leave out: its own, those of its service, and for an
   * instance of a grouped SLO ({@code <slo>{...}}) those of the grouped SLO. The one rule the
   * reports and the history share with the engine.
   */
  public List<BucketHistory.LeftOut> leftOut(String slo, String service) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(LEFT_OUT)) {
      ps.setString(1, slo);
      ps.setString(2, slo);
      ps.setString(3, service);
      List<BucketHistory.LeftOut> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new BucketHistory.LeftOut(
                  rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()));
        }
      }
      return out;
    }
  }

  /** One adjustment. */
  public Optional<Stored> get(String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM budget_adjustments WHERE id = ?")) {
      ps.setString(1, id);
      return rows(ps).stream().findFirst();
    }
  }

  /** Stores an adjustment made through the API; its id is given here ({@code ADJ-n}). */
  public Stored create(
      BudgetAdjustment.Scope scope,
      String target,
      Instant from,
      Instant until,
      String reason,
      String decidedBy,
      Instant now)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        // One writer at a time, so that the cap holds under concurrent requests.
        try (PreparedStatement ps =
            c.prepareStatement("LOCK TABLE budget_adjustments IN SHARE ROW EXCLUSIVE MODE")) {
          ps.execute();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM budget_adjustments");
            ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) >= MAX_ADJUSTMENTS) {
            throw new FullException();
          }
        }
        String id;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 'ADJ-' || nextval('budget_adjustment_seq')");
            ResultSet rs = ps.executeQuery()) {
          rs.next();
          id = rs.getString(1);
        }
        BudgetAdjustment a =
            new BudgetAdjustment(id, scope, target, from, until, reason, decidedBy);
        insert(c, a, Origin.API, null, now);
        c.commit();
        return new Stored(a, Origin.API, Optional.empty(), now);
      } finally {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
      }
    }
  }

  /** Deletes an adjustment; true when it existed. */
  public boolean delete(String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM budget_adjustments WHERE id = ?")) {
      ps.setString(1, id);
      return ps.executeUpdate() > 0;
    }
  }

  /**
   * Makes the table's file adjustments those of the loaded files: new ones are added, changed ones
   * rewritten, removed ones deleted. Idempotent, so every instance may run it.
   */
  public void syncFiles(List<BudgetAdjustment> fromFiles, Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Set<String> ids = new HashSet<>();
        for (BudgetAdjustment a : fromFiles) {
          ids.add(a.id());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO budget_adjustments (id, scope, target, starts_at, ends_at, reason,"
                      + " decided_by, origin, created_at) VALUES (?,?,?,?,?,?,?,'file',?)"
                      + " ON CONFLICT (id) DO UPDATE SET scope = excluded.scope, target ="
                      + " excluded.target, starts_at = excluded.starts_at, ends_at ="
                      + " excluded.ends_at, reason = excluded.reason, decided_by ="
                      + " excluded.decided_by WHERE budget_adjustments.origin = 'file' AND"
                      + " (budget_adjustments.scope, budget_adjustments.target,"
                      + " budget_adjustments.starts_at, budget_adjustments.ends_at,"
                      + " budget_adjustments.reason, budget_adjustments.decided_by) IS DISTINCT"
                      + " FROM (excluded.scope, excluded.target, excluded.starts_at,"
                      + " excluded.ends_at, excluded.reason, excluded.decided_by)")) {
            bind(ps, a);
            ps.setTimestamp(8, Timestamp.from(now));
            ps.executeUpdate();
          }
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM budget_adjustments WHERE origin = 'file' AND NOT (id = ANY (?))")) {
          ps.setArray(1, c.createArrayOf("text", ids.toArray()));
          ps.executeUpdate();
        }
        c.commit();
      } finally {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
      }
    }
  }

  /**
   * Turns every approved budget reset that has no adjustment yet into one: a reset forgives what
   * was spent, so its adjustment covers the window of its SLO (or the longest window of its
   * service's SLOs) up to the approval. Idempotent; returns how many it made.
   *
   * @param resets the approved budget resets ({@code IncidentBridge::approvedBudgetResets})
   */
  public int convertResets(List<BudgetReset> resets, Instant now) throws SQLException {
    if (resets.isEmpty()) {
      return 0;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO budget_adjustments (id, scope, target, starts_at, ends_at, reason,"
                    + " decided_by, origin, request_key, created_at)"
                    + " SELECT 'ADJ-' || nextval('budget_adjustment_seq'), x.scope, x.target,"
                    + " x.decided_at - make_interval(secs => x.window_seconds), x.decided_at,"
                    + " 'budget reset ' || x.key || ': ' || x.reason, x.decided_by,"
                    + " 'budget_reset', x.key, ?"
                    + " FROM (SELECT r.key, r.reason, r.decided_by, r.decided_at, r.n,"
                    + " CASE WHEN r.slo IS NULL THEN 'service' ELSE 'slo' END AS scope,"
                    + " coalesce(r.slo, r.service) AS target,"
                    + " (SELECT max(s.window_seconds) FROM slo_catalog s WHERE s.loaded AND"
                    + " (s.name = r.slo OR (r.slo IS NULL AND s.service = r.service)))"
                    + " AS window_seconds"
                    + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                    + " ?::timestamptz[]) WITH ORDINALITY"
                    + " AS r(key, service, slo, reason, decided_by, decided_at, n)"
                    + " WHERE NOT EXISTS (SELECT 1 FROM budget_adjustments a WHERE a.request_key ="
                    + " r.key)) x"
                    + " WHERE x.window_seconds IS NOT NULL ORDER BY x.n"
                    + " ON CONFLICT (request_key) DO NOTHING")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setArray(2, c.createArrayOf("text", column(resets, BudgetReset::key)));
      ps.setArray(3, c.createArrayOf("text", column(resets, BudgetReset::service)));
      ps.setArray(4, c.createArrayOf("text", column(resets, BudgetReset::slo)));
      ps.setArray(5, c.createArrayOf("text", column(resets, BudgetReset::reason)));
      ps.setArray(6, c.createArrayOf("text", column(resets, BudgetReset::decidedBy)));
      ps.setArray(
          7,
          c.createArrayOf(
              "timestamptz",
              resets.stream().map(r -> Timestamp.from(r.decidedAt())).toArray(Timestamp[]::new)));
      return ps.executeUpdate();
    }
  }

  private static String[] column(List<BudgetReset> resets, Function<BudgetReset, String> field) {
    return resets.stream().map(field).toArray(String[]::new);
  }

  private static void insert(
      Connection c, BudgetAdjustment a, Origin origin, String requestKey, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO budget_adjustments (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)")) {
      bind(ps, a);
      ps.setString(8, origin.id());
      ps.setString(9, requestKey);
      ps.setTimestamp(10, Timestamp.from(now));
      ps.executeUpdate();
    }
  }

  private static void bind(PreparedStatement ps, BudgetAdjustment a) throws SQLException {
    ps.setString(1, a.id());
    ps.setString(2, a.scope().name().toLowerCase(Locale.ROOT));
    ps.setString(3, a.target());
    ps.setTimestamp(4, Timestamp.from(a.from()));
    ps.setTimestamp(5, Timestamp.from(a.until()));
    ps.setString(6, a.reason());
    ps.setString(7, a.decidedBy());
  }

  private static List<Stored> rows(PreparedStatement ps) throws SQLException {
    List<Stored> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Stored(
                new BudgetAdjustment(
                    rs.getString("id"),
                    BudgetAdjustment.Scope.valueOf(rs.getString("scope").toUpperCase(Locale.ROOT)),
                    rs.getString("target"),
                    rs.getTimestamp("starts_at").toInstant(),
                    rs.getTimestamp("ends_at").toInstant(),
                    rs.getString("reason"),
                    rs.getString("decided_by")),
                Origin.of(rs.getString("origin")),
                Optional.ofNullable(rs.getString("request_key")),
                rs.getTimestamp("created_at").toInstant()));
      }
    }
    return out;
  }
}
