package dev.burnrate.api.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;

/** Ready when the database answers {@code SELECT 1}, asked on a worker thread of {@code vertx}. */
record DatabaseCheck(Vertx vertx, DataSource dataSource) implements ReadinessCheck {

  @Override
  public String name() {
    return "database";
  }

  @Override
  public Future<Void> check() {
    return vertx.executeBlocking(
        () -> {
          try (Connection c = dataSource.getConnection();
              Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
              rs.next();
            }
          }
          return null;
        },
        false);
  }
}
