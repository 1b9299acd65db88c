package dev.burnrate.bridge.internal.connector;

import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.ExternalRef;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import java.time.Duration;
import java.util.Optional;

/**
 * The tool's copy of a delivery's record, for a tool without an idempotency key: the stored
 * reference; else, when an earlier attempt may have made the copy, the one a search finds; else a
 * new one. Each step stores a reference it gets at once, before anything else can fail.
 *
 * @param ref the copy's reference; null when there is none yet, or the delivery ends
 * @param created whether this delivery created the copy
 * @param failure the outcome that ends the delivery, or null
 */
public record ToolRecord(ExternalRef ref, boolean created, Outcome failure) {
  private static final ToolRecord NONE = new ToolRecord(null, false, null);

  /** One way to get the copy: a search or a create. */
  @FunctionalInterface
  public interface Step {
    /** The copy, none, or the failure. */
    ToolRecord take(Delivery d) throws InterruptedException;
  }

  /**
   * The copy of {@code d}'s record: the stored one, else (in doubt) what {@code search} finds once
   * a search that shows writes {@code lag} after they were made can show the earlier attempt's
   * (null: at once), else what {@code create} makes.
   */
  public static ToolRecord of(Delivery d, Duration lag, String waitWhy, Step search, Step create)
      throws InterruptedException {
    Optional<ExternalRef> stored = d.refs().find(d.key());
    if (stored.isPresent()) {
      return new ToolRecord(stored.get(), false, null);
    }
    if (d.inDoubt()) {
      Optional<Outcome> wait = lag == null ? Optional.empty() : d.awaitSearch(lag, waitWhy);
      ToolRecord found = wait.isPresent() ? failed(wait.get()) : search.take(d);
      if (found.ref() != null || found.failure() != null) {
        return found;
      }
    }
    return create.take(d);
  }

  /** What a search found: the copy {@code ref}, stored at once, or none when null. */
  public static ToolRecord found(Delivery d, ExternalRef ref) {
    return ref == null ? NONE : new ToolRecord(d.store(ref), false, null);
  }

  /** The copy this delivery created, {@code ref}, stored at once. */
  public static ToolRecord made(Delivery d, ExternalRef ref) {
    return new ToolRecord(d.store(ref), true, null);
  }

  /** The outcome that ends the delivery before the copy is known. */
  public static ToolRecord failed(Outcome failure) {
    return new ToolRecord(null, false, failure);
  }

  /** The copy's id at the tool. */
  public String id() {
    return ref.externalId();
  }
}
