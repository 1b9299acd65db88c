package dev.burnrate.bridge.internal;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.BridgeSettings;
import dev.burnrate.bridge.BudgetView;
import dev.burnrate.bridge.ServiceCatalog;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.outbox.Outbox;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.bridge.internal.record.Page;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What every part of the bridge shares.
 *
 * @param db the database
 * @param settings the bridge's settings
 * @param catalog the services and their dependencies
 * @param budgets the engine's error budgets
 * @param clock the time source
 * @param outbox the outbox writer
 */
public record BridgeContext(
    Database db,
    BridgeSettings settings,
    ServiceCatalog catalog,
    BudgetView budgets,
    Clock clock,
    Outbox outbox) {
  /** Checks the context. */
  public BridgeContext {
    requireNonNull(db, "db");
    requireNonNull(settings, "settings");
    requireNonNull(catalog, "catalog");
    requireNonNull(budgets, "budgets");
    requireNonNull(clock, "clock");
    requireNonNull(outbox, "outbox");
  }

  /** Now, by the bridge's clock. */
  public Instant now() {
    return clock.instant();
  }

  /** Rejects a service the catalog does not know (when there is a catalog). */
  public void checkService(String field, String service) {
    if (!catalog.services().isEmpty() && catalog.service(service).isEmpty()) {
      throw BridgeException.invalid(
          field,
          "unknown service '"
              + service
              + "'; known: "
              + catalog.services().stream().map(ServiceCatalog.Service::name).toList());
    }
  }

  /** Reads one page of records in a transaction. */
  @FunctionalInterface
  public interface PageQuery<T> {
    /** The records of the page. */
    List<T> read(Connection c) throws SQLException;
  }

  /** Renders one record of a page. */
  @FunctionalInterface
  public interface PageView<T, V> {
    /** The record's response. */
    V render(Connection c, T record) throws SQLException;
  }

  /**
   * A page of records rendered in the transaction that read them; a full page's cursor is the key
   * of its last record.
   */
  public <T, V> Page<V> page(
      ListFilter f, PageQuery<T> query, Function<T, String> key, PageView<T, V> view) {
    return db.tx(
        c -> {
          List<T> records = query.read(c);
          List<V> items = new ArrayList<>();
          for (T record : records) {
            items.add(view.render(c, record));
          }
          boolean full = records.size() == f.limit() && !records.isEmpty();
          return new Page<>(items, full ? key.apply(records.get(records.size() - 1)) : null);
        });
  }

  /** Runs work in a transaction and wakes the outbox after it commits. */
  public <T> T tx(Database.Work<T> work) {
    T out = db.tx(work);
    outbox.signal();
    return out;
  }
}
