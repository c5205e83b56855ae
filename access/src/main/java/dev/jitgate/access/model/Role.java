package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a principal may do in the control plane. */
public enum Role {
  /** Manages integrations, resources, flows, principals and tokens; may do everything. */
  ADMIN,
  /** Decides access requests it is an eligible approver for; may revoke grants. */
  APPROVER,
  /** Requests access, sees and manages its own requests, grants and credentials. */
  REQUESTER,
  /** Reads everything (including the audit trail), changes nothing. */
  AUDITOR;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Role fromWire(String value) {
    for (Role r : values()) {
      if (r.wireName().equals(value)) {
        return r;
      }
    }
    throw new InvalidFieldException("role", "must be one of admin, approver, requester, auditor");
  }
}
