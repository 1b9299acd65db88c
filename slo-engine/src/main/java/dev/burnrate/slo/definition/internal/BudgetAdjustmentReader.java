package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.BudgetAdjustment;
import dev.burnrate.yaml.YamlNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Burnrate's own {@code burnrate.dev/v1 BudgetAdjustment} documents: a period left out of the
 * error budgets of one SLO or of every SLO of a service.
 */
final class BudgetAdjustmentReader extends FieldReader {
  private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
  private static final Set<String> SPEC =
      Set.of("slo", "service", "from", "until", "duration", "reason", "decidedBy");

  BudgetAdjustmentReader(Diagnostics diagnostics) {
    super(diagnostics);
  }

  /** The adjustment a document defines, or empty after reporting its errors. */
  Optional<BudgetAdjustment> read(YamlNode doc) {
    knownKeys(doc, TOP);
    Optional<String> kind = string(doc, "kind", true, "BudgetAdjustment");
    if (kind.isPresent() && !kind.get().equals("BudgetAdjustment")) {
      diagnostics.error(
          doc.get("kind").orElseThrow(),
          "unknown kind " + kind.get() + "; burnrate.dev/v1 has BudgetAdjustment and CompositeSLO");
      return Optional.empty();
    }
    Optional<YamlNode> metadata = map(doc, "metadata", true, "with the adjustment's name");
    Optional<String> name = metadata.flatMap(m -> dnsLabelName(m, "the adjustment's name"));
    Optional<YamlNode> spec = spec(doc, SPEC, "the period and what it applies to");
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    YamlNode s = spec.get();
    Optional<String> slo = string(s, "slo", false, "the SLO it applies to");
    Optional<String> service = string(s, "service", false, "the service it applies to");
    boolean scoped = true;
    if (slo.isPresent() == service.isPresent()) {
      diagnostics.error(
          s.anchor(), s.path(), "needs exactly one of slo and service: what the period applies to");
      scoped = false;
    }
    Optional<Instant> from = instant(s, "from", true);
    Optional<Instant> until = instant(s, "until", false);
    Optional<Duration> duration =
        duration(s, "duration", false, "how long the period lasts").map(DurationValue::toDuration);
    if (until.isPresent() == s.getNonNull("duration").isPresent()) {
      diagnostics.error(s.anchor(), s.path(), "needs exactly one of until and duration");
    }
    Optional<String> reason = string(s, "reason", true, "why the period does not count");
    Optional<String> decidedBy = string(s, "decidedBy", true, "who decided");
    if (!scoped
        || name.isEmpty()
        || from.isEmpty()
        || (until.isEmpty() && duration.isEmpty())
        || reason.isEmpty()
        || decidedBy.isEmpty()) {
      return Optional.empty();
    }
    Instant end = until.orElseGet(() -> from.get().plus(duration.orElseThrow()));
    try {
      return Optional.of(
          new BudgetAdjustment(
              name.get(),
              slo.isPresent() ? BudgetAdjustment.Scope.SLO : BudgetAdjustment.Scope.SERVICE,
              slo.orElseGet(service::get),
              from.get(),
              end,
              reason.get(),
              decidedBy.get()));
    } catch (IllegalArgumentException e) {
      diagnostics.error(s.anchor(), s.path(), e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<Instant> instant(YamlNode parent, String key, boolean required) {
    Optional<String> text = string(parent, key, required, "an RFC 3339 time");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text.get().trim()).toInstant());
    } catch (DateTimeParseException e) {
      diagnostics.error(
          parent.get(key).orElseThrow(),
          "must be an RFC 3339 time with its offset, such as 2026-11-28T02:00:00Z, got "
              + text.get());
      return Optional.empty();
    }
  }
}
