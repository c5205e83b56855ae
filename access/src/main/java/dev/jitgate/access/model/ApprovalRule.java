package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** How requests under an access flow are approved. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ApprovalRule.Automatic.class, name = "automatic"),
  @JsonSubTypes.Type(value = ApprovalRule.Manual.class, name = "manual")
})
public sealed interface ApprovalRule {

  /** Requests that satisfy the flow are approved at once. */
  record Automatic() implements ApprovalRule {}

  /**
   * Requests wait for {@code minApprovals} approvals from eligible approvers. The eligible approvers are
   * the named ones plus, when {@code resourceOwners} is set, the resource's owning group, or the
   * integration's owners when the resource has no owner. A requester never approves its own request.
   *
   * @param resourceOwners whether resource owners (falling back to integration owners) may approve
   * @param approvers named users and groups who may approve
   * @param minApprovals approvals needed, 1..10
   */
  record Manual(boolean resourceOwners, List<PrincipalRef> approvers, int minApprovals)
      implements ApprovalRule {
    public Manual {
      approvers = approvers == null ? List.of() : List.copyOf(approvers);
      if (minApprovals < 1 || minApprovals > 10) {
        throw new InvalidFieldException("approval.minApprovals", "must be between 1 and 10");
      }
      if (!resourceOwners && approvers.isEmpty()) {
        throw new InvalidFieldException(
            "approval.approvers", "must name approvers when resource owners do not approve");
      }
    }
  }
}
