package dev.jitgate.access.rules;

import dev.jitgate.access.model.AccessRequest;

/** What one approval did to a request: recorded it while more are needed, or approved the request. */
public sealed interface ApprovalStep {

  /** The request after the step. */
  AccessRequest request();

  /**
   * The approval was recorded; the request stays pending.
   *
   * @param request the request with the new approval
   * @param approvals approvals so far
   * @param needed approvals the request needs
   */
  record Recorded(AccessRequest request, int approvals, int needed) implements ApprovalStep {}

  /**
   * The request reached its approvals and is approved.
   *
   * @param request the approved request
   */
  record Approved(AccessRequest request) implements ApprovalStep {}
}
