package dev.burnrate.bridge.internal.change;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A change gate decision as recorded.
 *
 * @param id the row id
 * @param service the service
 * @param kind the change kind
 * @param allowed whether the change may go ahead
 * @param flagged whether it is flagged for review
 * @param reasons why, one line each
 * @param budgets the remaining error budget of each SLO of the service (null when unknown)
 * @param evaluatedAt when it was decided
 * @param changeKey the change it let through, or null
 */
public record GateDecision(
    long id,
    String service,
    String kind,
    boolean allowed,
    boolean flagged,
    List<String> reasons,
    Map<String, Object> budgets,
    Instant evaluatedAt,
    String changeKey) {}
