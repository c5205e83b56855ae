package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of {@link AccessEntity}, with the names used in the change feed and admin events. */
public enum EntityKind {
  INTEGRATION("integration", Integration.class),
  RESOURCE("resource", Resource.class),
  PRINCIPAL("principal", Principal.class),
  FLOW("access_flow", AccessFlow.class),
  REQUEST("access_request", AccessRequest.class),
  GRANT("grant", Grant.class),
  CREDENTIAL("grant_credential", GrantCredential.class),
  TOKEN("api_token", ApiToken.class);

  private final String wireName;
  private final Class<? extends AccessEntity> type;

  EntityKind(String wireName, Class<? extends AccessEntity> type) {
    this.wireName = wireName;
    this.type = type;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The record type of this kind. */
  public Class<? extends AccessEntity> type() {
    return type;
  }

  /** The kind named {@code wireName}. */
  public static EntityKind fromWire(String wireName) {
    for (EntityKind k : values()) {
      if (k.wireName.equals(wireName)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown entity kind " + wireName);
  }
}
