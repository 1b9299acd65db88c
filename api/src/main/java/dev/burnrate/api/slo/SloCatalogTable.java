package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.definition.SloSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes the running SLOs to {@code slo_catalog} at every load, so SQL (Grafana, reports) can turn
 * buckets into ratios without the YAML files. SLOs that are no longer loaded keep their row with
 * {@code loaded = false}: their buckets stay meaningful.
 */
public final class SloCatalogTable {
  private final DataSource dataSource;

  /** A writer to the table in {@code dataSource}. */
  public SloCatalogTable(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
  }

  /** Replaces the loaded set in one transaction; blocks on JDBC. */
  public void write(List<SloSpec> specs) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps = c.prepareStatement("UPDATE slo_catalog SET loaded = false")) {
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO slo_catalog (name, service, objective, window_label, window_seconds,"
                    + " sli_kind, evaluable, description, loaded, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, true, now())"
                    + " ON CONFLICT (name) DO UPDATE SET service = EXCLUDED.service,"
                    + " objective = EXCLUDED.objective, window_label = EXCLUDED.window_label,"
                    + " window_seconds = EXCLUDED.window_seconds, sli_kind = EXCLUDED.sli_kind,"
                    + " evaluable = EXCLUDED.evaluable, description = EXCLUDED.description,"
                    + " loaded = true, updated_at = now()")) {
          for (SloSpec s : specs) {
            ps.setString(1, s.name());
            ps.setString(2, s.service());
            ps.setDouble(3, s.objective());
            ps.setString(4, s.window().label());
            ps.setLong(5, s.window().nominalLength().toSeconds());
            ps.setString(6, s.sli().kind().name());
            ps.setBoolean(7, s.sli().evaluable());
            ps.setString(8, s.description());
            ps.addBatch();
          }
          ps.executeBatch();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }
}
