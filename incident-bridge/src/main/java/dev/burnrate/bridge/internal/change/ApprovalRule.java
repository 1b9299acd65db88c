package dev.burnrate.bridge.internal.change;

import java.util.List;

/**
 * Who must approve a change before it starts, fixed when the change is recorded.
 *
 * @param required how many approvals it needs (0: none, it is approved as recorded)
 * @param approvers who may approve or reject it
 */
public record ApprovalRule(int required, List<String> approvers) {
  /** No approval needed. */
  public static final ApprovalRule NONE = new ApprovalRule(0, List.of());

  /** Checks the rule: it cannot need more approvals than it has approvers. */
  public ApprovalRule {
    approvers = List.copyOf(approvers);
    if (required < 0 || required > approvers.size()) {
      throw new IllegalArgumentException(
          "a change cannot need "
              + required
              + " approvals from "
              + approvers.size()
              + " approvers");
    }
  }

  /** Whether the change needs approval at all. */
  public boolean needed() {
    return required > 0;
  }
}
