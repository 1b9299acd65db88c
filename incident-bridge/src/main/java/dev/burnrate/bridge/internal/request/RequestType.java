package dev.burnrate.bridge.internal.request;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A type of the request catalog: what a requester fills in, who approves, how it is fulfilled and
 * by when.
 *
 * @param name the type's name, such as {@code new-employee-account}
 * @param description what it is for
 * @param builtIn whether it is one of the built-in types (freeze exception, budget reset)
 * @param fields the fields a submission carries
 * @param approval whether a second person must approve, and who may
 * @param fulfilment how it is fulfilled once approved
 * @param target how long fulfilment may take from submission, or empty for no target
 * @param timeout how long an automated fulfilment may run before it counts as failed
 */
public record RequestType(
    String name,
    String description,
    boolean builtIn,
    List<FieldSpec> fields,
    Approval approval,
    Fulfilment fulfilment,
    Optional<Duration> target,
    Duration timeout) {

  /**
   * Who decides a request.
   *
   * @param required whether a request waits for a decision
   * @param approvers who may decide (empty: anyone but the requester)
   */
  public record Approval(boolean required, List<String> approvers) {
    /** Copies the approvers. */
    public Approval {
      approvers = List.copyOf(approvers);
    }
  }

  /** Checks the type and copies its fields. */
  public RequestType {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(approval, "approval");
    requireNonNull(fulfilment, "fulfilment");
    requireNonNull(target, "target");
    requireNonNull(timeout, "timeout");
    fields = List.copyOf(fields);
  }
}
