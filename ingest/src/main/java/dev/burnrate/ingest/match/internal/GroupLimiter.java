package dev.burnrate.ingest.match.internal;

import dev.burnrate.slo.definition.SloGroups;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The groups that ingest gives an instance of each grouped SLO, at most {@link #limit()} per SLO,
 * first come first served; a series of a group beyond the limit counts in the SLO itself but in no
 * instance, and is counted here ({@link #overLimit}). Thread-safe; one per process, kept across
 * reloads of the SLOs.
 */
public final class GroupLimiter {
  private final int limit;
  private final Map<String, Set<String>> admitted = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();

  /** A limiter of {@code limit} groups per SLO. */
  public GroupLimiter(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("maxGroupsPerSlo must be at least 1, got " + limit);
    }
    this.limit = limit;
  }

  /** A limiter with the default limit, {@value SloGroups#DEFAULT_MAX_GROUPS} groups per SLO. */
  public static GroupLimiter defaults() {
    return new GroupLimiter(SloGroups.DEFAULT_MAX_GROUPS);
  }

  /** The most groups one SLO has. */
  public int limit() {
    return limit;
  }

  /**
   * Whether the series of the instance {@code instance} of {@code slo} count in that instance: yes
   * for a group already admitted, or a new one while the SLO has fewer than the limit; a refusal is
   * counted.
   */
  public boolean admit(String slo, String instance) {
    Set<String> groups = admitted.computeIfAbsent(slo, k -> ConcurrentHashMap.newKeySet());
    if (groups.contains(instance)) {
      return true;
    }
    synchronized (groups) {
      if (groups.contains(instance)) {
        return true;
      }
      if (groups.size() < limit) {
        groups.add(instance);
        return true;
      }
    }
    refused.computeIfAbsent(slo, k -> new LongAdder()).increment();
    return false;
  }

  /** The number of groups admitted for an SLO. */
  public int groups(String slo) {
    Set<String> groups = admitted.get(slo);
    return groups == null ? 0 : groups.size();
  }

  /** How many series matches of an SLO were refused an instance because of the limit. */
  public long overLimit(String slo) {
    LongAdder n = refused.get(slo);
    return n == null ? 0 : n.sum();
  }

  /** Refused series matches per SLO, for every SLO that had one. */
  public Map<String, Long> overLimit() {
    Map<String, Long> out = new java.util.TreeMap<>();
    refused.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
