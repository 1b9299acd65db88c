package dev.burnrate.ingest.store;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.store.internal.StoreSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The idempotency keys of a group: recorded in its transaction, and checked against those before.
 */
final class IdempotencyKeys {
  private IdempotencyKeys() {}

  /**
   * Per batch of a group: whether its key was already committed (so it adds nothing), and the 422
   * for a key that was committed with another body (the batch adds nothing and is refused).
   */
  record KeyCheck(boolean[] duplicate, HttpProblem[] conflicts) {}

  /**
   * Records the group's keys (kept for {@code ttl}) and says which batches they make duplicates.
   */
  static KeyCheck check(Connection c, List<IngestBatch> group, long now, Duration ttl)
      throws SQLException {
    boolean[] duplicate = new boolean[group.size()];
    HttpProblem[] conflicts = new HttpProblem[group.size()];
    // Each key once, with the body hash of the first batch of the group that has it.
    TreeMap<String, String> keys = new TreeMap<>();
    for (IngestBatch b : group) {
      b.idempotencyKey().ifPresent(k -> keys.putIfAbsent(k, b.bodySha256().orElse(null)));
    }
    if (keys.isEmpty()) {
      return new KeyCheck(duplicate, conflicts);
    }
    String[] keyArray = keys.keySet().toArray(String[]::new);
    Set<String> inserted =
        StoreSql.insertKeys(c, keyArray, keys.values().toArray(String[]::new), now, ttl.toMillis());
    Map<String, String> committed = new HashMap<>();
    if (inserted.size() < keyArray.length) {
      String[] old =
          keys.keySet().stream().filter(k -> !inserted.contains(k)).toArray(String[]::new);
      committed.putAll(StoreSql.keyBodyHashes(c, old));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < group.size(); i++) {
      IngestBatch b = group.get(i);
      Optional<String> key = b.idempotencyKey();
      if (key.isEmpty()) {
        continue;
      }
      String k = key.get();
      boolean first = seen.add(k);
      duplicate[i] = !inserted.contains(k) || !first;
      if (duplicate[i] && b.bodySha256().isPresent()) {
        String before = inserted.contains(k) ? keys.get(k) : committed.get(k);
        if (before != null && !before.equals(b.bodySha256().get())) {
          conflicts[i] = BatchProblems.keyReused(k);
        }
      }
    }
    return new KeyCheck(duplicate, conflicts);
  }
}
