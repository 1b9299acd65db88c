package dev.burnrate.bridge.internal.request;

import dev.burnrate.bridge.internal.request.FieldSpec.FieldType;
import dev.burnrate.bridge.internal.request.RequestType.Approval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The request types people may submit: the two built-in ones and those of the catalog file. */
public final class RequestCatalog {
  /** An exception to a service's change freeze. */
  public static final String FREEZE_EXCEPTION = "freeze_exception";

  /** A reset of an SLO's error budget. */
  public static final String BUDGET_RESET = "budget_reset";

  private final Map<String, RequestType> types;

  private RequestCatalog(Map<String, RequestType> types) {
    this.types = types;
  }

  /** The built-in types only. */
  public static RequestCatalog builtIn() {
    return of(List.of());
  }

  /** The built-in types and {@code more}, which must not reuse a built-in name. */
  public static RequestCatalog of(List<RequestType> more) {
    Map<String, RequestType> m = new LinkedHashMap<>();
    m.put(
        FREEZE_EXCEPTION,
        builtIn(
            FREEZE_EXCEPTION,
            "Lets normal changes of a service through its error-budget freeze for a while"));
    m.put(
        BUDGET_RESET,
        builtIn(
            BUDGET_RESET,
            "Resets an SLO's error budget for a while, after an incident the budget should not count"));
    for (RequestType t : more) {
      if (m.put(t.name(), t) != null) {
        throw new IllegalArgumentException("two request types are named " + t.name());
      }
    }
    return new RequestCatalog(m);
  }

  private static RequestType builtIn(String name, String description) {
    List<FieldSpec> fields = new ArrayList<>();
    fields.add(text("service", true, "The service"));
    fields.add(text("slo", false, "The SLO, if the request is about one"));
    fields.add(text("reason", true, "Why it is needed"));
    fields.add(text("validFrom", false, "When it starts to apply (RFC 3339; default now)"));
    fields.add(text("validUntil", false, "When it stops applying (RFC 3339), or give duration"));
    fields.add(text("duration", false, "How long it applies, such as 4h (at most 30d)"));
    return new RequestType(
        name,
        description,
        true,
        fields,
        new Approval(true, List.of()),
        new Fulfilment.None(),
        Optional.empty(),
        Duration.ofHours(1));
  }

  private static FieldSpec text(String name, boolean required, String description) {
    return new FieldSpec(name, FieldType.STRING, required, null, List.of(), description);
  }

  /** A type by name. */
  public Optional<RequestType> type(String name) {
    return Optional.ofNullable(types.get(name));
  }

  /** Every type, the built-in ones first. */
  public List<RequestType> types() {
    return List.copyOf(types.values());
  }
}
