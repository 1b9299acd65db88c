package dev.burnrate.bridge.internal.record;

import java.util.function.Consumer;

/**
 * The next value of an immutable record: a mutable copy of the fields its transitions change, from
 * which the new record is built once.
 *
 * @param <R> the record
 */
public abstract class NextValue<R> {
  /** A copy to change. */
  protected NextValue() {}

  /** The record with the fields as they now are. */
  protected abstract R build();

  /** The record that {@code change} makes of {@code next}: every transition copies through here. */
  public static <R, N extends NextValue<R>> R edit(N next, Consumer<? super N> change) {
    change.accept(next);
    return next.build();
  }
}
