package dev.jitgate.app.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin role's audit settings ({@code admin.audit}).
 *
 * @param store the SQLite audit store the admin API searches ({@code /v1/audit/*}); {@code admin.audit.store}, or
 *     else the {@code auditor} section's store; empty: audit search is off
 * @param auditor where the outbox drainer delivers {@code admin.*} events; empty: into the auditor role of the
 *     same process when there is one ({@code jitgate run}), otherwise admin actions wait in the outbox
 */
public record AdminAuditConfig(Optional<Path> store, Optional<AuditorTarget> auditor) {

  /** No audit store, no delivery. */
  public static final AdminAuditConfig NONE = new AdminAuditConfig(Optional.empty(), Optional.empty());

  public AdminAuditConfig {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(auditor, "auditor");
  }
}
