package dev.burnrate.bridge.internal;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.BridgeSettings;
import dev.burnrate.bridge.BudgetView;
import dev.burnrate.bridge.ServiceCatalog;
import java.time.Clock;

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
public record Context(
    Db db,
    BridgeSettings settings,
    ServiceCatalog catalog,
    BudgetView budgets,
    Clock clock,
    Outbox outbox) {
  /** Checks the context. */
  public Context {
    requireNonNull(db, "db");
    requireNonNull(settings, "settings");
    requireNonNull(catalog, "catalog");
    requireNonNull(budgets, "budgets");
    requireNonNull(clock, "clock");
    requireNonNull(outbox, "outbox");
  }

  /** Runs work in a transaction and wakes the outbox after it commits. */
  public <T> T tx(Db.Work<T> work) {
    T out = db.tx(work);
    outbox.signal();
    return out;
  }
}
