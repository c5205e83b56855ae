package dev.jitgate.proxy.grants;

import dev.jitgate.access.model.AccessEntity;
import dev.jitgate.access.model.EntityKind;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantCredential;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.GrantQuery;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the directory's first snapshot: the store's version first (so that every later commit is replayed
 * from the change feed), then the principals, the active grants, the grants ended within the retention
 * period, and every stored credential with its grant.
 */
final class SnapshotLoader {
  private static final Logger log = LoggerFactory.getLogger(SnapshotLoader.class);
  /** The store's grant queries return at most this many and cannot page. */
  private static final int QUERY_LIMIT = 1000;

  private final AccessStore store;
  private final GrantDirectoryConfig config;

  SnapshotLoader(AccessStore store, GrantDirectoryConfig config) {
    this.store = store;
    this.config = config;
  }

  GrantSnapshot load(Instant now) {
    long version = store.currentVersion();
    GrantSnapshot.Builder next = GrantSnapshot.builder(version);
    store.principals().forEach(next::putPrincipal);
    List<Grant> active = store.grants(new GrantQuery(null, GrantState.ACTIVE, null, null, QUERY_LIMIT));
    if (active.size() == QUERY_LIMIT) {
      // More active grants than one query returns: read them all once.
      for (AccessEntity e : store.list(EntityKind.GRANT)) {
        Grant g = (Grant) e;
        if (config.keeps(g, now)) {
          next.putGrant(g);
        }
      }
    } else {
      active.forEach(next::putGrant);
      for (GrantState ended : List.of(GrantState.ENDED, GrantState.REVOKED)) {
        store.grants(new GrantQuery(null, ended, null, null, QUERY_LIMIT)).stream()
            .filter(g -> config.keeps(g, now))
            .forEach(next::putGrant);
      }
    }
    for (AccessEntity e : store.list(EntityKind.CREDENTIAL)) {
      GrantCredential credential = (GrantCredential) e;
      if (!next.hasGrant(credential.grantId())) {
        store.grant(credential.grantId()).ifPresent(next::putGrant);
      }
      if (next.hasGrant(credential.grantId()) && !next.putCredential(credential)) {
        log.warn("ignoring the credential of grant {}: its verifier is not a SCRAM-SHA-256 secret",
            credential.grantId());
      }
    }
    return next.build();
  }
}
