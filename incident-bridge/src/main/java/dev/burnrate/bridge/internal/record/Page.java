package dev.burnrate.bridge.internal.record;

import java.util.List;

/**
 * A page of a list response; the cursor is the last item's key when the page is full, else null.
 *
 * @param <V> the response record of one item
 * @param items the items of the page
 * @param nextCursor where the next page starts, or null when this is the last
 */
public record Page<V>(List<V> items, String nextCursor) {
  /** Copies the items. */
  public Page {
    items = List.copyOf(items);
  }

  /** The one page of a list that is never paged, such as the services. */
  public static <V> Page<V> all(List<V> items) {
    return new Page<>(items, null);
  }
}
