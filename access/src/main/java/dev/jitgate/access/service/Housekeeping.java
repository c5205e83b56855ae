package dev.jitgate.access.service;

import static dev.jitgate.access.service.ServiceContext.PAGE;
import static dev.jitgate.access.service.Transactions.require;

import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.Decision;
import dev.jitgate.access.model.DurationText;
import dev.jitgate.access.model.EntityKind;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantCredential;
import dev.jitgate.access.rules.GrantRules;
import dev.jitgate.access.rules.RequestRules;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.ChangeSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The periodic sweep: expires pending requests past their deadline, ends grants past their end, and now
 * and then purges the credentials of grants that ended longer ago than the retention period.
 */
final class Housekeeping {
  /** Credentials deleted per commit by the purge step of {@link #sweep()}. */
  private static final int PURGE_BATCH = 100;
  /** The purge step reads every credential, so {@link #sweep()} (run every second) does it at most this often. */
  private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

  private final ServiceContext ctx;
  private final AccessStore store;
  private volatile Instant nextPurge = Instant.MIN;

  Housekeeping(ServiceContext ctx) {
    this.ctx = ctx;
    this.store = ctx.store();
  }

  SweepResult sweep() {
    int expired = 0;
    int ended = 0;
    List<AccessRequest> due;
    do {
      due = store.pendingRequestsExpiringBy(ctx.clock().instant(), PAGE);
      int before = expired;
      for (AccessRequest r : due) {
        if (expireOne(r.id())) {
          expired++;
        }
      }
      if (expired == before) {
        break; // nothing could be expired (all raced away); try again on the next sweep
      }
    } while (due.size() == PAGE);
    List<Grant> ending;
    do {
      ending = store.activeGrantsEndingBy(ctx.clock().instant(), PAGE);
      int before = ended;
      for (Grant g : ending) {
        if (endOne(g.id())) {
          ended++;
        }
      }
      if (ended == before) {
        break;
      }
    } while (ending.size() == PAGE);
    Instant now = ctx.clock().instant();
    if (!now.isBefore(nextPurge)) {
      nextPurge = now.plus(PURGE_INTERVAL);
      purgeCredentials();
    }
    return new SweepResult(expired, ended);
  }

  /**
   * Deletes the credentials of grants that ended at least the retention period ago (and of grants that no
   * longer exist), {@value #PURGE_BATCH} per commit, each with a {@code grant_credential.purge} event.
   * A credential is issued only while its grant is active, so one issued within the retention period
   * cannot be due yet: only older ones are looked at.
   *
   * @return how many credentials were deleted
   */
  private int purgeCredentials() {
    Instant cutoff = ctx.clock().instant().minus(ctx.credentialRetention());
    List<String> candidates = store.list(EntityKind.CREDENTIAL).stream()
        .map(GrantCredential.class::cast)
        .filter(c -> !c.issuedAt().isAfter(cutoff))
        .map(GrantCredential::grantId)
        .toList();
    int purged = 0;
    for (int from = 0; from < candidates.size(); from += PURGE_BATCH) {
      purged += purgeBatch(candidates.subList(from, Math.min(candidates.size(), from + PURGE_BATCH)));
    }
    return purged;
  }

  private int purgeBatch(List<String> grantIds) {
    Duration retention = ctx.credentialRetention();
    return orElse(0, now -> {
      ChangeSet.Builder changes = ChangeSet.builder();
      int count = 0;
      for (String grantId : grantIds) {
        Optional<GrantCredential> credential = store.credential(grantId);
        Optional<Grant> grant = store.grant(grantId);
        if (credential.isEmpty()
            || grant.isPresent() && !GrantRules.credentialRetentionOver(grant.get(), now, retention)) {
          continue;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("principal", credential.get().principal());
        details.put("retention", DurationText.format(retention));
        grant.map(Grant::endedAt).ifPresentOrElse(at -> details.put("grantEndedAt", at.toString()),
            () -> details.put("grant", "missing"));
        changes.delete(credential.get())
            .event(ctx.tx().event(Decision.SYSTEM, now, "grant_credential.purge", credential.get(), details));
        count++;
      }
      if (count > 0) {
        store.commit(changes.build());
      }
      return count;
    });
  }

  private boolean expireOne(String requestId) {
    return orElse(false, now -> {
      Optional<AccessRequest> request = store.request(requestId);
      if (request.isEmpty() || !RequestRules.expire(request.get(), now).isAccepted()) {
        return false;
      }
      AccessRequest expired = require(RequestRules.expire(request.get(), now));
      ctx.commitOne(expired, Actor.system(), now, "access_request.expire", Map.of("state", "expired"));
      return true;
    });
  }

  private boolean endOne(String grantId) {
    return orElse(false, now -> {
      Optional<Grant> grant = store.grant(grantId);
      if (grant.isEmpty() || !GrantRules.endNaturally(grant.get(), now).isAccepted()) {
        return false;
      }
      Grant ended = require(GrantRules.endNaturally(grant.get(), now));
      ChangeSet.Builder changes = ChangeSet.builder();
      ctx.endGrant(changes, ended, Decision.SYSTEM, now, "grant.end", Map.of());
      store.commit(changes.build());
      return true;
    });
  }

  /** Runs {@code step} in a transaction; a rejection (e.g. CONFLICT after retries) answers {@code fallback}. */
  private <T> T orElse(T fallback, Function<Instant, T> step) {
    try {
      return ctx.write(step);
    } catch (AccessException e) {
      return fallback;
    }
  }
}
