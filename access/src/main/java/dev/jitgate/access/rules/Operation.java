package dev.jitgate.access.rules;

import dev.jitgate.access.model.Role;
import java.util.EnumSet;
import java.util.Set;

/**
 * The control-plane operations that depend on the actor's role, with the roles that may perform them
 * (admins may perform every operation). Checks that depend on the target (the holder of a grant, the
 * requester of a request, the eligible approvers) are made by the lifecycle rules on top of this table.
 */
public enum Operation {
  READ_INTEGRATIONS("read integrations", Role.AUDITOR, Role.APPROVER, Role.REQUESTER),
  WRITE_INTEGRATIONS("change integrations"),
  TEST_INTEGRATIONS("test integrations"),
  READ_RESOURCES("read resources", Role.AUDITOR, Role.APPROVER),
  WRITE_RESOURCES("change resources"),
  READ_PRINCIPALS("read principals", Role.AUDITOR, Role.APPROVER),
  WRITE_PRINCIPALS("change principals"),
  READ_FLOWS("read access flows", Role.AUDITOR, Role.APPROVER, Role.REQUESTER),
  WRITE_FLOWS("change access flows"),
  CREATE_REQUESTS("request access", Role.REQUESTER),
  DECIDE_REQUESTS("approve or deny requests", Role.APPROVER),
  READ_ALL_REQUESTS("read other people's requests", Role.APPROVER, Role.AUDITOR),
  READ_ALL_GRANTS("read other people's grants", Role.APPROVER, Role.AUDITOR),
  REVOKE_ANY_GRANT("revoke other people's grants", Role.APPROVER),
  MANAGE_ANY_TOKEN("manage other principals' API tokens"),
  READ_AUDIT("read the audit trail", Role.AUDITOR);

  private final String description;
  private final Set<Role> roles;

  Operation(String description, Role... roles) {
    this.description = description;
    EnumSet<Role> set = EnumSet.of(Role.ADMIN);
    set.addAll(Set.of(roles));
    this.roles = Set.copyOf(set);
  }

  /** What the operation does, for messages ("you need … to <description>"). */
  public String description() {
    return description;
  }

  /** The roles allowed to perform it, admin included. */
  public Set<Role> roles() {
    return roles;
  }
}
