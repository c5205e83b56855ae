package dev.jitgate.proxy.grants;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantCredential;
import dev.jitgate.access.model.Principal;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.ChangeRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a batch of change-feed records into the next snapshot: every changed grant, credential and
 * principal is read again with {@code find} (the feed carries keys only), and the snapshot takes whatever
 * is stored now — a later record for the same entity reads the same or a newer state, so applying is
 * idempotent. All reads happen before anything is built: a store error leaves the current snapshot as it was.
 */
final class ChangeApplier {
  private static final Logger log = LoggerFactory.getLogger(ChangeApplier.class);

  private final AccessStore store;
  private final GrantDirectoryConfig config;

  ChangeApplier(AccessStore store, GrantDirectoryConfig config) {
    this.store = store;
    this.config = config;
  }

  /** The snapshot after {@code records} (not empty, oldest first), at the version of the last one. */
  GrantSnapshot apply(GrantSnapshot current, List<ChangeRecord> records, Instant now) {
    Set<String> grantIds = new LinkedHashSet<>();
    Set<String> credentialIds = new LinkedHashSet<>();
    Set<String> principalNames = new LinkedHashSet<>();
    for (ChangeRecord r : records) {
      switch (r.kind()) {
        case GRANT -> grantIds.add(r.key());
        case CREDENTIAL -> credentialIds.add(r.key());
        case PRINCIPAL -> principalNames.add(r.key());
        case INTEGRATION, RESOURCE, FLOW, REQUEST, TOKEN -> {
          // Not part of the directory.
        }
      }
    }
    Map<String, Optional<Grant>> grants = new LinkedHashMap<>();
    for (String id : grantIds) {
      grants.put(id, store.grant(id));
    }
    Map<String, Optional<GrantCredential>> credentials = new LinkedHashMap<>();
    for (String grantId : credentialIds) {
      Optional<GrantCredential> credential = store.credential(grantId);
      credentials.put(grantId, credential);
      if (credential.isPresent() && !grants.containsKey(grantId) && current.grant(grantId).isEmpty()) {
        grants.put(grantId, store.grant(grantId));
      }
    }
    Map<String, Optional<Principal>> principals = new LinkedHashMap<>();
    for (String name : principalNames) {
      principals.put(name, store.principal(name));
    }

    GrantSnapshot.Builder next = current.toBuilder();
    grants.forEach((id, grant) -> {
      boolean hasCredential = next.hasCredential(id) || credentials.getOrDefault(id, Optional.empty()).isPresent();
      if (grant.isPresent() && (config.keeps(grant.get(), now) || hasCredential)) {
        next.putGrant(grant.get());
      } else {
        next.removeGrant(id).removeCredential(id);
      }
    });
    credentials.forEach((grantId, credential) -> {
      if (credential.isEmpty() || !next.hasGrant(grantId)) {
        next.removeCredential(grantId);
        // A purged credential takes its grant along once the grant is past the retention period.
        next.grant(grantId).filter(g -> !config.keeps(g, now)).ifPresent(g -> next.removeGrant(g.id()));
      } else if (!next.putCredential(credential.get())) {
        log.warn("ignoring the credential of grant {}: its verifier is not a SCRAM-SHA-256 secret", grantId);
      }
    });
    principals.forEach((name, principal) -> {
      if (principal.isPresent()) {
        next.putPrincipal(principal.get());
      } else {
        next.removePrincipal(name);
      }
    });
    return next.version(records.get(records.size() - 1).version()).build();
  }

  /** {@code current} without the ended grants past the retention period that have no credential left. */
  GrantSnapshot prune(GrantSnapshot current, Instant now) {
    boolean stale = current.grants().stream()
        .anyMatch(g -> !config.keeps(g, now) && current.credential(g.id()).isEmpty());
    return stale ? current.toBuilder().retainGrants(g -> config.keeps(g, now)).build() : current;
  }
}
