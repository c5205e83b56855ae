package dev.jitgate.access.service;

import static dev.jitgate.access.service.Checks.notFound;
import static dev.jitgate.access.service.Checks.required;
import static dev.jitgate.access.service.Transactions.require;

import dev.jitgate.access.ids.IdGenerator;
import dev.jitgate.access.model.AccessEntity;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.probe.IntegrationProbe;
import dev.jitgate.access.rules.Authorization;
import dev.jitgate.access.secret.SecretResolver;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.ChangeSet;
import dev.jitgate.access.store.CommitResult;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the service's collaborators share: the store and its transactions, the clock, ids, secrets, the
 * probe, randomness and the credential retention, plus the commit shapes they all use.
 */
record ServiceContext(AccessStore store, Clock clock, IdGenerator ids, Transactions tx, SecretResolver secrets,
    IntegrationProbe probe, SecureRandom random, Duration credentialRetention) {
  /** How many rows one store query reads. */
  static final int PAGE = 1000;

  /** Runs {@code step} at the current instant in a retried read-decide-commit transaction. */
  <T> T write(Function<Instant, T> step) {
    return tx.run(() -> step.apply(clock.instant()));
  }

  /** Commits {@code entity} with one {@code action} event by {@code actor}; returns it as stored. */
  <T extends AccessEntity> T commitOne(T entity, Actor actor, Instant now, String action,
      Map<String, String> details) {
    ChangeSet changes = ChangeSet.builder().put(entity)
        .event(tx.event(actor.principal(), now, action, entity, details)).build();
    @SuppressWarnings("unchecked")
    T stored = (T) store.commit(changes).stored(0, entity.getClass());
    return stored;
  }

  /** Deletes {@code stored} with one {@code action} event by {@code actor}. */
  CommitResult deleteOne(AccessEntity stored, Actor actor, Instant now, String action) {
    return store.commit(ChangeSet.builder().delete(stored)
        .event(tx.event(actor.principal(), now, action, stored, Map.of())).build());
  }

  /** Commits {@code changes} and returns the first entity written, as stored. */
  <T extends AccessEntity> T commitFirst(ChangeSet.Builder changes, Class<T> type) {
    return store.commit(changes.build()).stored(0, type);
  }

  /**
   * Puts an ended grant and records {@code action}. Its credential stays (until the sweep purges it after
   * the retention period): the proxy authenticates with it and then says that the grant ended.
   */
  void endGrant(ChangeSet.Builder changes, Grant ended, String actor, Instant now, String action,
      Map<String, String> details) {
    changes.put(ended);
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("state", ended.state().wireName());
    all.put("endReason", ended.endReason().wireName());
    changes.event(tx.event(actor, now, action, ended, all));
  }

  /** The grant {@code grantId} if {@code actor} may see it. */
  Grant visibleGrant(Actor actor, String grantId) {
    Grant grant = store.grant(required("grantId", grantId)).orElseThrow(() -> notFound("no grant " + grantId));
    return require(Authorization.visible(actor, grant));
  }
}
