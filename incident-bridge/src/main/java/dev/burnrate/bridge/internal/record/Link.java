package dev.burnrate.bridge.internal.record;

import java.time.Instant;

/**
 * A link between two records, or to an external record (the target is then the external id).
 *
 * @param id the link's id
 * @param sourceKey the record it starts from
 * @param targetKey the record or external id it points to
 * @param relation how they relate, such as {@code problem} or {@code suspected-cause}
 * @param url a link to an external record, or null
 * @param createdAt when it was made
 * @param createdBy who made it
 */
public record Link(
    long id,
    String sourceKey,
    String targetKey,
    String relation,
    String url,
    Instant createdAt,
    String createdBy) {}
