package dev.burnrate.bridge.internal.request;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import dev.burnrate.yaml.Durations;
import java.util.List;

/**
 * The JSON shape of a request type: its fields, approval, fulfilment and target.
 *
 * @param name the type's name
 * @param description what it is for
 * @param builtIn whether it is a freeze exception or a budget reset
 * @param fields the form
 * @param approval who decides
 * @param fulfilment how it is fulfilled
 * @param target the fulfilment target as a duration, or null
 */
public record RequestTypeView(
    String name,
    String description,
    boolean builtIn,
    List<FieldView> fields,
    ApprovalView approval,
    FulfilmentModeView fulfilment,
    String target) {

  /** One field of the form; only an enum field lists its values. */
  public record FieldView(
      String name,
      String type,
      boolean required,
      String pattern,
      @JsonInclude(Include.NON_NULL) List<String> values,
      String description) {}

  /** Whether a decision is needed, and whose. */
  public record ApprovalView(boolean required, List<String> approvers) {}

  /** The fulfilment mode; a StackStorm one names its action. */
  public record FulfilmentModeView(String mode, @JsonInclude(Include.NON_NULL) String action) {}

  /** The view of {@code t}. */
  static RequestTypeView of(RequestType t) {
    List<FieldView> fields =
        t.fields().stream()
            .map(
                f ->
                    new FieldView(
                        f.name(),
                        f.type().wire(),
                        f.required(),
                        f.pattern() == null ? null : f.pattern().pattern(),
                        f.type() == FieldSpec.FieldType.ENUM ? f.values() : null,
                        f.description()))
            .toList();
    String action = t.fulfilment() instanceof Fulfilment.StackStorm st ? st.action() : null;
    return new RequestTypeView(
        t.name(),
        t.description(),
        t.builtIn(),
        fields,
        new ApprovalView(t.approval().required(), t.approval().approvers()),
        new FulfilmentModeView(t.fulfilment().mode(), action),
        t.target().map(Durations::format).orElse(null));
  }
}
