package dev.jitgate.access.store.jdbc;

import dev.jitgate.access.model.AccessEntity;
import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.EntityKind;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantCredential;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Principal;
import dev.jitgate.access.model.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The table of one entity kind: {@code entity_key}, {@code revision}, the JSON {@code body}, and the
 * index columns its queries filter on, with the SQL statements shared by every dialect.
 *
 * @param kind the entity kind
 * @param name the table name
 * @param indexColumns the extra columns, in the order {@link #indexValues} returns their values
 */
record EntityTable(EntityKind kind, String name, List<String> indexColumns) {

  EntityTable {
    indexColumns = List.copyOf(indexColumns);
  }

  /** The table of {@code kind}; the names match the Flyway migrations under {@code db/access/}. */
  static EntityTable of(EntityKind kind) {
    return switch (kind) {
      case INTEGRATION -> new EntityTable(kind, "integrations", List.of());
      case RESOURCE -> new EntityTable(kind, "resources", List.of("integration"));
      case PRINCIPAL -> new EntityTable(kind, "principals", List.of());
      case FLOW -> new EntityTable(kind, "access_flows", List.of());
      case REQUEST ->
          new EntityTable(kind, "access_requests", List.of("state", "requester", "created_at", "expires_at"));
      case GRANT -> new EntityTable(kind, "grants",
          List.of("principal", "state", "integration", "database_name", "starts_at", "ends_at"));
      case CREDENTIAL -> new EntityTable(kind, "grant_credentials", List.of("principal"));
      case TOKEN -> new EntityTable(kind, "api_tokens", List.of("hash", "principal"));
    };
  }

  /** The values of {@link #indexColumns} for {@code entity}: strings, or longs for instants. */
  static List<Object> indexValues(AccessEntity entity) {
    return switch (entity) {
      case Integration i -> List.of();
      case Resource r -> List.of(r.integration());
      case Principal p -> List.of();
      case AccessFlow f -> List.of();
      case AccessRequest r -> List.of(r.state().wireName(), r.requester(), micros(r.createdAt()),
          micros(r.expiresAt()));
      case Grant g -> List.of(g.principal(), g.state().wireName(), g.integration(), g.database(),
          micros(g.startsAt()), micros(g.endsAt()));
      case GrantCredential c -> List.of(c.principal());
      case ApiToken t -> List.of(t.hash(), t.principal());
    };
  }

  /** Microseconds since the epoch, saturated at the range of a long. */
  static long micros(Instant instant) {
    try {
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
          instant.getNano() / 1_000L);
    } catch (ArithmeticException e) {
      return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  String selectByKey() {
    return "SELECT entity_key, body, revision FROM " + name + " WHERE entity_key = ?";
  }

  String selectRevision() {
    return "SELECT revision FROM " + name + " WHERE entity_key = ?";
  }

  String selectAll() {
    return "SELECT entity_key, body, revision FROM " + name + " ORDER BY entity_key";
  }

  /** Parameters: key, revision, body, index values. */
  String insert() {
    List<String> columns = new ArrayList<>(List.of("entity_key", "revision", "body"));
    columns.addAll(indexColumns);
    return "INSERT INTO " + name + " (" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
  }

  /** Parameters: revision, body, index values, key. */
  String update() {
    List<String> sets = new ArrayList<>(List.of("revision = ?", "body = ?"));
    for (String column : indexColumns) {
      sets.add(column + " = ?");
    }
    return "UPDATE " + name + " SET " + String.join(", ", sets) + " WHERE entity_key = ?";
  }

  String delete() {
    return "DELETE FROM " + name + " WHERE entity_key = ?";
  }
}
