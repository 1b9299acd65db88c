package dev.burnrate.bridge.internal.record;

import java.time.Instant;

/**
 * The record an external ITSM tool holds for one of ours, as the outbox stored it on first
 * delivery.
 *
 * @param connector the connector that delivered it, such as {@code jira}
 * @param externalId the tool's own id
 * @param externalKey the key people read, such as {@code OPS-12}, or null
 * @param url the record's page in the tool, or null
 * @param createdAt when it was stored
 */
public record ExternalRecord(
    String connector, String externalId, String externalKey, String url, Instant createdAt) {}
