package dev.burnrate.bridge.internal.record;

import java.time.Instant;
import java.util.Map;

/**
 * One timeline entry of a record.
 *
 * @param id the entry's id, in write order
 * @param recordKey the record it belongs to
 * @param at when it happened
 * @param kind what happened, such as {@code opened} or {@code comment}
 * @param message the text people read
 * @param actor who did it
 * @param details machine-readable details, as the entry's writer recorded them
 */
public record TimelineEntry(
    long id,
    String recordKey,
    Instant at,
    String kind,
    String message,
    String actor,
    Map<String, Object> details) {}
