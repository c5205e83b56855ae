package dev.jitgate.access.service;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.DurationText;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.model.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The details that admin events record about the entities they concern (never secrets). */
final class EventDetails {
  private EventDetails() {}

  static Map<String, String> integration(Integration i) {
    return Map.of("type", i.type().wireName(), "databases", String.join(",", i.databases()),
        "connectorAuth", i.connector().auth().wireName(), "sslMode", i.sslMode().wireName());
  }

  static Map<String, String> flow(AccessFlow f) {
    return Map.of("approval", f.approval() instanceof ApprovalRule.Automatic ? "automatic" : "manual",
        "maxDuration", DurationText.format(f.maxDuration()));
  }

  static Map<String, String> request(AccessRequest r) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("kind", r.kind().wireName());
    details.put("requester", r.requester());
    details.put("target", Resource.path(r.integration(), r.database()));
    details.put("permission", r.permission().toString());
    details.put("duration", DurationText.format(r.duration()));
    details.put("flow", r.flow());
    if (!r.extendsGrant().isEmpty()) {
      details.put("extendsGrant", r.extendsGrant());
    }
    return details;
  }

  static Map<String, String> token(ApiToken t) {
    return Map.of("principal", t.principal(), "name", t.name(), "expiresAt", t.expiresAt().toString());
  }

  /** The wire names of {@code roles} in declaration order, comma-separated. */
  static String roles(Set<Role> roles) {
    List<String> names = new ArrayList<>();
    for (Role r : Role.values()) {
      if (roles.contains(r)) {
        names.add(r.wireName());
      }
    }
    return String.join(",", names);
  }
}
