package dev.jitgate.access.service;

import static dev.jitgate.access.service.Checks.allow;
import static dev.jitgate.access.service.Checks.conflict;
import static dev.jitgate.access.service.Checks.invalid;
import static dev.jitgate.access.service.Checks.notFound;
import static dev.jitgate.access.service.Checks.positive;
import static dev.jitgate.access.service.Checks.required;
import static dev.jitgate.access.service.ServiceContext.PAGE;
import static dev.jitgate.access.service.Transactions.require;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.Decision;
import dev.jitgate.access.model.DurationText;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.RequestKind;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.rules.ApprovalStep;
import dev.jitgate.access.rules.Approvers;
import dev.jitgate.access.rules.Authorization;
import dev.jitgate.access.rules.FlowMatcher;
import dev.jitgate.access.rules.GrantRules;
import dev.jitgate.access.rules.Operation;
import dev.jitgate.access.rules.RequestRules;
import dev.jitgate.access.rules.RequestedAccess;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.ChangeSet;
import dev.jitgate.access.store.GrantQuery;
import dev.jitgate.access.store.RequestQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Access requests through their life: filing new and extension requests under a flow, approving (which
 * issues or extends the grant), denying, cancelling and reading them.
 */
final class RequestOperations {
  private final ServiceContext ctx;
  private final AccessStore store;

  RequestOperations(ServiceContext ctx) {
    this.ctx = ctx;
    this.store = ctx.store();
  }

  AccessRequest createRequest(Actor actor, NewAccessRequest request) {
    allow(actor, Operation.CREATE_REQUESTS);
    required("request", request);
    required("integration", request.integration());
    required("database", request.database());
    required("permission", request.permission());
    Duration duration = positive("duration", request.duration());
    return ctx.write(now -> {
      Integration integration = store.integration(request.integration())
          .orElseThrow(() -> invalid("integration", "no integration named " + request.integration()));
      RequestedAccess ask = new RequestedAccess(actor.principal(), actor.groups(), RequestKind.NEW,
          integration, request.database(), databaseTags(integration.name(), request.database()),
          request.permission(), duration, request.reason());
      return file(actor, ask, "", now);
    });
  }

  AccessRequest extend(Actor actor, String grantId, Duration extra, String reason) {
    allow(actor, Operation.CREATE_REQUESTS);
    Duration duration = positive("duration", extra);
    return ctx.write(now -> {
      Grant grant = require(GrantRules.checkExtendable(ctx.visibleGrant(actor, grantId), actor, now));
      Integration integration = store.integration(grant.integration())
          .orElseThrow(() -> conflict("integration " + grant.integration() + " no longer exists"));
      RequestedAccess ask = new RequestedAccess(actor.principal(), actor.groups(), RequestKind.EXTENSION,
          integration, grant.database(), databaseTags(grant.integration(), grant.database()),
          grant.permission(), duration, reason);
      return file(actor, ask, grant.id(), now);
    });
  }

  /** Opens the request under its flow and, for automatic flows, approves it at once; commits. */
  private AccessRequest file(Actor actor, RequestedAccess ask, String extendsGrant, Instant now) {
    AccessFlow flow = require(FlowMatcher.match(store.flows(), ask));
    List<AccessRequest> mine = store.requests(new RequestQuery(RequestState.PENDING, actor.principal(), PAGE));
    AccessRequest opened = require(RequestRules.open(ctx.ids().next(), ask, extendsGrant, flow, mine, now));
    boolean automatic = flow.approval() instanceof ApprovalRule.Automatic;
    AccessRequest result = automatic
        ? require(RequestRules.approveAutomatically(opened, grantIdFor(opened), now))
        : opened;
    ChangeSet.Builder changes = ChangeSet.builder().put(result);
    changes.event(ctx.tx().event(actor.principal(), now, "access_request.create", opened,
        EventDetails.request(opened)));
    if (automatic) {
      changes.event(ctx.tx().event(Decision.SYSTEM, now, "access_request.approve", result,
          Map.of("state", result.state().wireName(), "grant", result.grantId(), "automatic", "true")));
      applyApproval(changes, result, now);
    }
    return ctx.commitFirst(changes, AccessRequest.class);
  }

  AccessRequest approve(Actor actor, String requestId, String comment) {
    return ctx.write(now -> {
      AccessRequest request = visibleRequest(actor, requestId);
      Approvers approvers = approversOf(request);
      ApprovalStep step = require(RequestRules.approve(request, actor, approvers, comment,
          grantIdFor(request), now));
      ChangeSet.Builder changes = ChangeSet.builder().put(step.request());
      switch (step) {
        case ApprovalStep.Recorded recorded -> changes.event(ctx.tx().event(actor.principal(), now,
            "access_request.approve", recorded.request(), Map.of("state", "pending",
                "approvals", Integer.toString(recorded.approvals()),
                "needed", Integer.toString(recorded.needed()))));
        case ApprovalStep.Approved approved -> {
          changes.event(ctx.tx().event(actor.principal(), now, "access_request.approve", approved.request(),
              Map.of("state", "approved", "grant", approved.request().grantId(),
                  "approvals", Integer.toString(approved.request().approvals().size()))));
          applyApproval(changes, approved.request(), now);
        }
      }
      return ctx.commitFirst(changes, AccessRequest.class);
    });
  }

  AccessRequest deny(Actor actor, String requestId, String comment) {
    return ctx.write(now -> {
      AccessRequest request = visibleRequest(actor, requestId);
      AccessRequest denied = require(RequestRules.deny(request, actor, approversOf(request), comment, now));
      return ctx.commitOne(denied, actor, now, "access_request.deny", Map.of("state", "denied"));
    });
  }

  AccessRequest cancel(Actor actor, String requestId) {
    return ctx.write(now -> {
      AccessRequest cancelled = require(RequestRules.cancel(visibleRequest(actor, requestId), actor, now));
      return ctx.commitOne(cancelled, actor, now, "access_request.cancel", Map.of("state", "cancelled"));
    });
  }

  List<AccessRequest> requests(Actor actor, RequestQuery query) {
    RequestQuery q = query == null ? RequestQuery.all() : query;
    if (Authorization.allows(actor, Operation.READ_ALL_REQUESTS)) {
      return store.requests(q);
    }
    if (q.requester() != null && !q.requester().equals(actor.principal())) {
      return List.of();
    }
    return store.requests(new RequestQuery(q.state(), actor.principal(), q.limit()));
  }

  AccessRequest request(Actor actor, String requestId) {
    return visibleRequest(actor, requestId);
  }

  private AccessRequest visibleRequest(Actor actor, String requestId) {
    AccessRequest request = store.request(required("requestId", requestId))
        .orElseThrow(() -> notFound("no access request " + requestId));
    return require(Authorization.visible(actor, request));
  }

  private Map<String, String> databaseTags(String integration, String database) {
    return store.resource(Resource.path(integration, database)).map(Resource::tags).orElse(Map.of());
  }

  private Approvers approversOf(AccessRequest request) {
    return Approvers.of(store.flow(request.flow()), store.integration(request.integration()),
        store.resource(Resource.path(request.integration(), request.database())));
  }

  private String grantIdFor(AccessRequest request) {
    return switch (request.kind()) {
      case NEW -> ctx.ids().next();
      case EXTENSION -> request.extendsGrant();
    };
  }

  /** Adds the grant writes of an approved request: a new grant (superseding others) or an extension. */
  private void applyApproval(ChangeSet.Builder changes, AccessRequest approved, Instant now) {
    switch (approved.kind()) {
      case NEW -> {
        if (store.integration(approved.integration()).isEmpty()) {
          throw conflict("integration " + approved.integration() + " no longer exists");
        }
        Grant grant = require(GrantRules.issue(approved, now));
        changes.put(grant);
        changes.event(ctx.tx().event(Decision.SYSTEM, now, "grant.create", grant, Map.of(
            "principal", grant.principal(), "request", approved.id(),
            "permission", grant.permission().toString(), "endsAt", grant.endsAt().toString())));
        List<Grant> active = store.grants(new GrantQuery(grant.principal(), GrantState.ACTIVE,
            grant.integration(), grant.database(), PAGE));
        for (Grant ended : GrantRules.supersede(active, grant, now)) {
          ctx.endGrant(changes, ended, Decision.SYSTEM, now, "grant.supersede",
              Map.of("supersededBy", grant.id()));
        }
      }
      case EXTENSION -> {
        Grant grant = store.grant(approved.extendsGrant())
            .orElseThrow(() -> conflict("grant " + approved.extendsGrant() + " no longer exists"));
        Grant extended = require(GrantRules.extend(grant, approved, now));
        changes.put(extended);
        changes.event(ctx.tx().event(Decision.SYSTEM, now, "grant.extend", extended, Map.of(
            "request", approved.id(), "extra", DurationText.format(approved.duration()),
            "endsAt", extended.endsAt().toString())));
      }
    }
  }
}
