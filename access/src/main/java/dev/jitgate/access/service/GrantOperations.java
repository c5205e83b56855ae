package dev.jitgate.access.service;

import static dev.jitgate.access.service.Transactions.require;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantCredential;
import dev.jitgate.access.model.Names;
import dev.jitgate.access.rules.Authorization;
import dev.jitgate.access.rules.GrantRules;
import dev.jitgate.access.rules.Operation;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.ChangeSet;
import dev.jitgate.access.store.GrantQuery;
import dev.jitgate.pg.scram.ScramVerifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Grants: reading them, revoking one, and issuing a grant's database credential to its holder. */
final class GrantOperations {
  private final ServiceContext ctx;
  private final AccessStore store;

  GrantOperations(ServiceContext ctx) {
    this.ctx = ctx;
    this.store = ctx.store();
  }

  List<Grant> grants(Actor actor, GrantQuery query) {
    GrantQuery q = query == null ? GrantQuery.all() : query;
    if (Authorization.allows(actor, Operation.READ_ALL_GRANTS)) {
      return store.grants(q);
    }
    if (q.principal() != null && !q.principal().equals(actor.principal())) {
      return List.of();
    }
    return store.grants(new GrantQuery(actor.principal(), q.state(), q.integration(), q.database(), q.limit()));
  }

  Grant grant(Actor actor, String grantId) {
    return ctx.visibleGrant(actor, grantId);
  }

  Grant revoke(Actor actor, String grantId, String reason) {
    return ctx.write(now -> {
      Grant revoked = require(GrantRules.revoke(ctx.visibleGrant(actor, grantId), actor, now));
      String text = Names.text("reason", reason);
      ChangeSet.Builder changes = ChangeSet.builder();
      ctx.endGrant(changes, revoked, actor.principal(), now, "grant.revoke", Map.of("reason", text));
      return ctx.commitFirst(changes, Grant.class);
    });
  }

  IssuedCredential issueCredential(Actor actor, String grantId) {
    return ctx.write(now -> {
      Grant grant = require(GrantRules.checkCredentialIssue(ctx.visibleGrant(actor, grantId), actor, now));
      Optional<GrantCredential> previous = store.credential(grant.id());
      String password = TokenSecrets.newPassword(ctx.random());
      String verifier = ScramVerifier.generate(password, ctx.random()).format();
      GrantCredential credential = new GrantCredential(grant.id(), grant.principal(), verifier, now,
          previous.map(GrantCredential::revision).orElse(0L));
      ctx.commitOne(credential, actor, now, "grant_credential.issue",
          Map.of("reissue", Boolean.toString(previous.isPresent())));
      return new IssuedCredential(grant, password, now);
    });
  }
}
