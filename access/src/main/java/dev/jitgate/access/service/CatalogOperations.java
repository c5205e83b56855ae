package dev.jitgate.access.service;

import static dev.jitgate.access.service.Checks.allow;
import static dev.jitgate.access.service.Checks.conflict;
import static dev.jitgate.access.service.Checks.creating;
import static dev.jitgate.access.service.Checks.expectRevision;
import static dev.jitgate.access.service.Checks.expectRevisionIfStored;
import static dev.jitgate.access.service.Checks.invalid;
import static dev.jitgate.access.service.Checks.notFound;
import static dev.jitgate.access.service.Checks.required;
import static dev.jitgate.access.service.Transactions.guard;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.EndReason;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Principal;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.model.ResourceSelector;
import dev.jitgate.access.rules.Operation;
import dev.jitgate.access.secret.SecretResolutionException;
import dev.jitgate.access.secret.SecretValue;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.ChangeSet;
import dev.jitgate.access.store.GrantQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The catalog: integrations (and their connection test), resources, principals and access flows. */
final class CatalogOperations {
  private final ServiceContext ctx;
  private final AccessStore store;

  CatalogOperations(ServiceContext ctx) {
    this.ctx = ctx;
    this.store = ctx.store();
  }

  // ---------------------------------------------------------------------------------------- integrations

  List<Integration> integrations(Actor actor) {
    allow(actor, Operation.READ_INTEGRATIONS);
    return store.integrations();
  }

  Integration integration(Actor actor, String name) {
    allow(actor, Operation.READ_INTEGRATIONS);
    return existingIntegration(name);
  }

  Integration createIntegration(Actor actor, Integration integration) {
    allow(actor, Operation.WRITE_INTEGRATIONS);
    creating("integration", integration);
    return ctx.write(now -> {
      if (store.integration(integration.name()).isPresent()) {
        throw conflict("an integration named " + integration.name() + " already exists");
      }
      Integration stamped = stamped(integration, now, now, 0);
      return ctx.commitOne(stamped, actor, now, "integration.create", EventDetails.integration(stamped));
    });
  }

  Integration updateIntegration(Actor actor, Integration integration) {
    allow(actor, Operation.WRITE_INTEGRATIONS);
    required("integration", integration);
    return ctx.write(now -> {
      Integration stored = existingIntegration(integration.name());
      long revision = expectRevision(stored, integration.revision());
      Integration stamped = stamped(integration, stored.createdAt() == null ? now : stored.createdAt(),
          now, revision);
      return ctx.commitOne(stamped, actor, now, "integration.update", EventDetails.integration(stamped));
    });
  }

  void deleteIntegration(Actor actor, String name) {
    allow(actor, Operation.WRITE_INTEGRATIONS);
    ctx.write(now -> {
      Integration stored = existingIntegration(name);
      if (!store.grants(new GrantQuery(null, GrantState.ACTIVE, name, null, 1)).isEmpty()) {
        throw conflict("integration " + name + " has active grants; revoke them first");
      }
      List<Resource> resources = store.resources(name);
      ChangeSet.Builder changes = ChangeSet.builder().delete(stored);
      resources.forEach(changes::delete);
      changes.event(ctx.tx().event(actor.principal(), now, "integration.delete", stored,
          Map.of("resources", Integer.toString(resources.size()))));
      return store.commit(changes.build());
    });
  }

  IntegrationTestReport testIntegration(Actor actor, String name) {
    allow(actor, Operation.TEST_INTEGRATIONS);
    Integration integration = guard(() -> existingIntegration(name));
    IntegrationTestReport report = probeIntegration(integration);
    long failed = report.checks().stream().filter(c -> !c.ok()).count();
    store.commit(ChangeSet.builder()
        .event(ctx.tx().event(actor.principal(), ctx.clock().instant(), "integration.test", integration,
            Map.of("ok", Boolean.toString(report.ok()), "failedChecks", Long.toString(failed))))
        .build());
    return report;
  }

  private IntegrationTestReport probeIntegration(Integration integration) {
    return switch (integration.connector().auth()) {
      case IAM -> failedReport(integration, "connector.auth",
          "IAM authentication is supported in a later release; use password authentication for now");
      case PASSWORD -> {
        SecretValue password;
        try {
          password = ctx.secrets().resolve(integration.connector().secret());
        } catch (SecretResolutionException e) {
          yield failedReport(integration, "secret", e.getMessage());
        }
        yield ctx.probe().probe(integration, password);
      }
    };
  }

  private static IntegrationTestReport failedReport(Integration integration, String check, String detail) {
    return new IntegrationTestReport(integration.name(), false, "",
        List.of(new IntegrationTestReport.Check(check, false, detail)));
  }

  private Integration existingIntegration(String name) {
    return store.integration(required("name", name))
        .orElseThrow(() -> notFound("no integration named " + name));
  }

  private static Integration stamped(Integration i, Instant createdAt, Instant updatedAt, long revision) {
    return new Integration(i.name(), i.type(), i.location(), i.databases(), i.connector(), i.sslMode(),
        i.caFile(), i.auditEnabled(), i.credentialRotationDays(), i.accessDetails(), i.owners(),
        i.ownerTagKey(), i.permissions(), createdAt, updatedAt, revision);
  }

  // ------------------------------------------------------------------------------------------- resources

  List<Resource> resources(Actor actor, String integration) {
    allow(actor, Operation.READ_RESOURCES);
    existingIntegration(integration);
    return store.resources(integration);
  }

  Resource putResource(Actor actor, Resource resource) {
    allow(actor, Operation.WRITE_RESOURCES);
    required("resource", resource);
    return ctx.write(now -> {
      Integration integration = store.integration(resource.integration())
          .orElseThrow(() -> invalid("integration", "no integration named " + resource.integration()));
      if (!integration.servesDatabase(resource.database())) {
        throw invalid("database", "integration " + integration.name() + " has no database "
            + resource.database() + " (it has: " + String.join(", ", integration.databases()) + ")");
      }
      long revision = expectRevisionIfStored(store.resource(resource.key()), resource.revision());
      Resource next = resource.withRevision(revision);
      return ctx.commitOne(next, actor, now, "resource.put",
          Map.of("tags", Integer.toString(next.tags().size())));
    });
  }

  void deleteResource(Actor actor, String path) {
    allow(actor, Operation.WRITE_RESOURCES);
    ctx.write(now -> {
      Resource stored = store.resource(required("path", path))
          .orElseThrow(() -> notFound("no resource " + path));
      return ctx.deleteOne(stored, actor, now, "resource.delete");
    });
  }

  // ------------------------------------------------------------------------------------------ principals

  List<Principal> principals(Actor actor) {
    allow(actor, Operation.READ_PRINCIPALS);
    return store.principals();
  }

  Principal principal(Actor actor, String name) {
    if (!actor.principal().equals(name)) {
      allow(actor, Operation.READ_PRINCIPALS);
    }
    return existingPrincipal(name);
  }

  Principal putPrincipal(Actor actor, Principal principal) {
    allow(actor, Operation.WRITE_PRINCIPALS);
    required("principal", principal);
    return ctx.write(now -> {
      long revision = expectRevisionIfStored(store.principal(principal.name()), principal.revision());
      Principal next = principal.withRevision(revision);
      return ctx.commitOne(next, actor, now, "principal.put", Map.of("kind", next.kind().wireName(),
          "roles", EventDetails.roles(next.roles())));
    });
  }

  void deletePrincipal(Actor actor, String name) {
    allow(actor, Operation.WRITE_PRINCIPALS);
    ctx.write(now -> {
      Principal stored = existingPrincipal(name);
      // A deleted user keeps no access: its active grants are revoked in the same commit.
      ChangeSet.Builder changes = ChangeSet.builder().delete(stored)
          .event(ctx.tx().event(actor.principal(), now, "principal.delete", stored, Map.of()));
      for (Grant g : store.grants(GrantQuery.activeOf(stored.name()))) {
        ctx.endGrant(changes, g.ended(GrantState.REVOKED, now, actor.principal(), EndReason.REVOKED, ""),
            actor.principal(), now, "grant.revoke", Map.of("reason", "principal deleted"));
      }
      return store.commit(changes.build());
    });
  }

  private Principal existingPrincipal(String name) {
    return store.principal(required("name", name)).orElseThrow(() -> notFound("no principal named " + name));
  }

  // ----------------------------------------------------------------------------------------------- flows

  List<AccessFlow> flows(Actor actor) {
    allow(actor, Operation.READ_FLOWS);
    return store.flows();
  }

  AccessFlow flow(Actor actor, String name) {
    allow(actor, Operation.READ_FLOWS);
    return existingFlow(name);
  }

  AccessFlow createFlow(Actor actor, AccessFlow flow) {
    allow(actor, Operation.WRITE_FLOWS);
    creating("flow", flow);
    return ctx.write(now -> {
      checkSelectors(flow);
      if (store.flow(flow.name()).isPresent()) {
        throw conflict("an access flow named " + flow.name() + " already exists");
      }
      return ctx.commitOne(flow, actor, now, "access_flow.create", EventDetails.flow(flow));
    });
  }

  AccessFlow updateFlow(Actor actor, AccessFlow flow) {
    allow(actor, Operation.WRITE_FLOWS);
    required("flow", flow);
    return ctx.write(now -> {
      AccessFlow stored = existingFlow(flow.name());
      checkSelectors(flow);
      AccessFlow next = flow.withRevision(expectRevision(stored, flow.revision()));
      return ctx.commitOne(next, actor, now, "access_flow.update", EventDetails.flow(next));
    });
  }

  void deleteFlow(Actor actor, String name) {
    allow(actor, Operation.WRITE_FLOWS);
    ctx.write(now -> ctx.deleteOne(existingFlow(name), actor, now, "access_flow.delete"));
  }

  private AccessFlow existingFlow(String name) {
    return store.flow(required("name", name)).orElseThrow(() -> notFound("no access flow named " + name));
  }

  private void checkSelectors(AccessFlow flow) {
    for (ResourceSelector selector : flow.resources()) {
      if (selector instanceof ResourceSelector.ByPath path && store.integration(path.integration()).isEmpty()) {
        throw invalid("resources", "no integration named " + path.integration());
      }
    }
  }
}
