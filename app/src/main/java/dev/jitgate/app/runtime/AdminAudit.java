package dev.jitgate.app.runtime;

import dev.jitgate.app.outbox.AdminEventSink;
import java.util.Objects;
import java.util.Optional;

/**
 * What the admin role does with audit.
 *
 * @param store the audit store the admin API searches, when configured
 * @param outbox where the outbox drainer delivers admin actions; empty: no drainer (they wait in the outbox)
 * @param producer the name the admin events carry as their producer ({@code proxy} field)
 */
public record AdminAudit(Optional<SharedAuditStore> store, Optional<AdminEventSink> outbox, String producer) {

  /** No search, no drainer. */
  public static final AdminAudit NONE = new AdminAudit(Optional.empty(), Optional.empty(), "jitgate-admin");

  public AdminAudit {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(outbox, "outbox");
    Objects.requireNonNull(producer, "producer");
  }
}
