package dev.jitgate.access.model;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A PostgreSQL server jitgate gives access to, with the connector that provisions roles on it.
 *
 * @param name unique name, {@code [a-z0-9][a-z0-9-]{0,62}}; engineers connect to {@code <name>/<database>}
 * @param type the database type; only {@code postgresql} for now
 * @param location host and port, or an RDS instance
 * @param databases the database names access can be requested to, at least one
 * @param connector the administering user and how it authenticates
 * @param sslMode the upstream SSL mode, verify-full by default
 * @param caFile PEM CA bundle to verify the server with, may be empty (system trust)
 * @param auditEnabled whether sessions through this integration are audited
 * @param credentialRotationDays how often the connector secret is rotated, 0 for never
 * @param accessDetails free text shown to requesters
 * @param owners fallback approvers when a resource has no owner
 * @param ownerTagKey the resource tag whose value names the owning group, may be empty
 * @param permissions the permission levels offered, at least one
 * @param createdAt when it was created; null until the service stamps it
 * @param updatedAt when it was last changed; null until the service stamps it
 * @param revision store revision, 0 before the first save
 */
public record Integration(
    String name,
    IntegrationType type,
    DatabaseLocation location,
    List<String> databases,
    Connector connector,
    SslMode sslMode,
    String caFile,
    boolean auditEnabled,
    int credentialRotationDays,
    String accessDetails,
    List<PrincipalRef> owners,
    String ownerTagKey,
    List<Permission> permissions,
    Instant createdAt,
    Instant updatedAt,
    long revision)
    implements AccessEntity {

  public Integration {
    Names.slug("name", name);
    type = type == null ? IntegrationType.POSTGRESQL : type;
    Names.required("location", location);
    Names.required("databases", databases);
    databases = List.copyOf(new LinkedHashSet<>(databases));
    if (databases.isEmpty()) {
      throw new InvalidFieldException("databases", "must name at least one database");
    }
    for (String db : databases) {
      Names.identifier("databases", db);
    }
    Names.required("connector", connector);
    sslMode = sslMode == null ? SslMode.VERIFY_FULL : sslMode;
    caFile = caFile == null ? "" : caFile;
    if (credentialRotationDays < 0 || credentialRotationDays > 3650) {
      throw new InvalidFieldException("credentialRotationDays", "must be between 0 and 3650");
    }
    accessDetails = Names.text("accessDetails", accessDetails);
    owners = owners == null ? List.of() : List.copyOf(owners);
    ownerTagKey = ownerTagKey == null ? "" : ownerTagKey;
    if (!ownerTagKey.isEmpty()) {
      Resource.checkTagKey("ownerTagKey", ownerTagKey);
    }
    permissions =
        permissions == null || permissions.isEmpty()
            ? List.of(Permission.READ)
            : List.copyOf(new LinkedHashSet<>(permissions));
  }

  @Override
  public EntityKind entityKind() {
    return EntityKind.INTEGRATION;
  }

  @Override
  public String key() {
    return name;
  }

  @Override
  public Integration withRevision(long newRevision) {
    return new Integration(name, type, location, databases, connector, sslMode, caFile, auditEnabled,
        credentialRotationDays, accessDetails, owners, ownerTagKey, permissions, createdAt, updatedAt,
        newRevision);
  }

  /** True when {@code database} is one of this integration's databases. */
  public boolean servesDatabase(String database) {
    return databases.contains(database);
  }
}
