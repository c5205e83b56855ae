package dev.jitgate.app.cli;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.DatabaseLocation;
import dev.jitgate.access.model.DurationText;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.RequestKind;
import dev.jitgate.access.model.ResourceSelector;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The table form of each kind of API result: the few columns a person scans for. */
public final class Views {

  /** Longest reason shown in a table; the JSON output has it whole. */
  static final int REASON_WIDTH = 40;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

  private Views() {}

  public static Table requests(List<AccessRequest> requests) {
    Table table = new Table("ID", "STATE", "REQUESTER", "DATABASE", "PERMISSION", "FOR", "CREATED", "REASON");
    for (AccessRequest r : requests) {
      String duration = (r.kind() == RequestKind.EXTENSION ? "+" : "") + DurationText.format(r.duration());
      table.row(r.id(), r.state().wireName(), r.requester(), r.integration() + "/" + r.database(),
          r.permission().name(), duration, time(r.createdAt()), Table.truncate(Table.safe(r.reason()), REASON_WIDTH));
    }
    return table;
  }

  public static Table grants(List<Grant> grants) {
    Table table = new Table("ID", "STATE", "PRINCIPAL", "DATABASE", "PERMISSION", "STARTS", "ENDS");
    for (Grant g : grants) {
      table.row(g.id(), g.state().wireName(), g.principal(), g.integration() + "/" + g.database(),
          g.permission().name(), time(g.startsAt()), time(g.endsAt()));
    }
    return table;
  }

  public static Table integrations(List<Integration> integrations) {
    Table table = new Table("NAME", "LOCATION", "DATABASES", "PERMISSIONS", "SSLMODE");
    for (Integration i : integrations) {
      table.row(i.name(), location(i.location()), String.join(",", i.databases()), permissions(i.permissions()),
          i.sslMode().wireName());
    }
    return table;
  }

  public static Table flows(List<AccessFlow> flows) {
    Table table = new Table("NAME", "REQUESTERS", "RESOURCES", "PERMISSIONS", "MAX", "APPROVAL");
    for (AccessFlow f : flows) {
      table.row(f.name(), refs(f.requesters()),
          f.resources().stream().map(Views::selector).collect(Collectors.joining(",")),
          permissions(f.permissions()), DurationText.format(f.maxDuration()), approval(f.approval()));
    }
    return table;
  }

  /** UTC, to the minute: {@code 2025-06-01 14:05Z}. */
  static String time(Instant instant) {
    return instant == null ? "" : TIME.format(instant);
  }

  static String location(DatabaseLocation location) {
    return switch (location) {
      case DatabaseLocation.HostPort hp -> (hp.host().contains(":") ? "[" + hp.host() + "]" : hp.host()) + ":" + hp.port();
      case DatabaseLocation.RdsInstance rds -> "rds:" + rds.region() + "/" + rds.instanceId();
    };
  }

  static String selector(ResourceSelector selector) {
    return switch (selector) {
      case ResourceSelector.ByPath p -> p.integration() + "/" + p.database();
      case ResourceSelector.ByTag t -> "tag:" + t.key() + "=" + t.value();
    };
  }

  static String approval(ApprovalRule rule) {
    return switch (rule) {
      case ApprovalRule.Automatic a -> "automatic";
      case ApprovalRule.Manual m -> {
        List<String> who = new ArrayList<>();
        if (m.resourceOwners()) {
          who.add("resource owners");
        }
        m.approvers().forEach(ref -> who.add(ref.toString()));
        yield m.minApprovals() + " of " + String.join(",", who);
      }
    };
  }

  private static String refs(List<PrincipalRef> refs) {
    return refs.stream().map(PrincipalRef::toString).collect(Collectors.joining(","));
  }

  private static String permissions(List<Permission> permissions) {
    return permissions.stream().map(Permission::name).collect(Collectors.joining(","));
  }
}
