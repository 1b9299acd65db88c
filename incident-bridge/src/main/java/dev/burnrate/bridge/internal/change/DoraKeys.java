package dev.burnrate.bridge.internal.change;

import dev.burnrate.bridge.DoraReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * DORA's four keys as a function of the records: deployment frequency, lead time for changes,
 * change failure rate and time to restore service. {@link DoraService} reads the records.
 */
public final class DoraKeys {
  private DoraKeys() {}

  /**
   * The keys of one service.
   *
   * @param deployments its changes that finished inside the window
   * @param restores how long each of its incidents resolved inside the window took
   * @param window the window's length
   * @param correlationWindow how long after a change an incident makes it failed-suspect
   * @param now the end of the window
   */
  public static DoraReport compute(
      String service,
      List<Change> deployments,
      List<Duration> restores,
      Duration window,
      Duration correlationWindow,
      Instant now) {
    List<Duration> leads = new ArrayList<>();
    long failed = 0;
    for (Change ch : deployments) {
      if (ch.outcome(now, correlationWindow).failure()) {
        failed++;
      }
      if (ch.committedAt() != null) {
        Instant deployed = ch.endedAt() == null ? ch.startedAt() : ch.endedAt();
        Duration lead = Duration.between(ch.committedAt(), deployed);
        leads.add(lead.isNegative() ? Duration.ZERO : lead);
      }
    }
    long n = deployments.size();
    double days = window.toMillis() / 86_400_000.0;
    return new DoraReport(
        service,
        window,
        n,
        n / days,
        median(leads),
        leads.size(),
        failed,
        n == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) failed / n),
        median(restores),
        restores.size());
  }

  /** The median: the middle value, or the mean of the two middle ones. */
  static Optional<Duration> median(List<Duration> values) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    List<Duration> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    if (sorted.size() % 2 == 1) {
      return Optional.of(sorted.get(mid));
    }
    return Optional.of(sorted.get(mid - 1).plus(sorted.get(mid)).dividedBy(2));
  }
}
