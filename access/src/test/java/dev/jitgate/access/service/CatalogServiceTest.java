package dev.jitgate.access.service;

import static dev.jitgate.access.service.RequestLifecycleServiceTest.assertRejected;
import static dev.jitgate.access.service.ServiceHarness.ROOT;
import static dev.jitgate.access.service.ServiceHarness.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.Connector;
import dev.jitgate.access.model.ConnectorAuthType;
import dev.jitgate.access.model.DatabaseLocation;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.model.ResourceSelector;
import dev.jitgate.access.model.SecretRef;
import dev.jitgate.access.model.SslMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CatalogServiceTest {
  private final ServiceHarness h = new ServiceHarness().seeded();
  private final AccessService service = h.service;

  @AfterEach
  void close() {
    h.close();
  }

  private static Integration withSecret(String name, String secret) {
    Integration i = ServiceHarness.integration(name);
    return new Integration(name, null, i.location(), i.databases(),
        new Connector("jitgate", ConnectorAuthType.PASSWORD, SecretRef.of(secret)), SslMode.DISABLE, "", true,
        0, "", List.of(), "", null, null, null, 0);
  }

  @Test
  void integrationsAreStampedAndRevisionChecked() {
    Integration created = service.integration(ROOT, "prod");
    assertThat(created.createdAt()).isEqualTo(START);
    assertThat(created.updatedAt()).isEqualTo(START);
    assertRejected(() -> service.createIntegration(ROOT, ServiceHarness.integration("prod")),
        RejectionCode.CONFLICT, "already exists");
    h.clock.advance(Duration.ofMinutes(5));
    Integration updated = service.updateIntegration(ROOT, created);
    assertThat(updated.createdAt()).isEqualTo(START);
    assertThat(updated.updatedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    assertThat(updated.revision()).isGreaterThan(created.revision());
    assertRejected(() -> service.updateIntegration(ROOT, created), RejectionCode.CONFLICT, "changed meanwhile");
    assertThat(service.updateIntegration(ROOT, created.withRevision(0)).revision())
        .isGreaterThan(updated.revision());
    assertRejected(() -> service.updateIntegration(ROOT, ServiceHarness.integration("ghost")),
        RejectionCode.NOT_FOUND, "no integration named ghost");
    assertThat(h.actions()).contains("integration.create", "integration.update");
  }

  @Test
  void anIntegrationWithActiveGrantsCannotBeDeleted() {
    h.automaticFlow();
    service.putResource(ROOT, new Resource("prod", "orders", "", "", Map.of("owner", "x"), 0));
    var r = service.createRequest(h.actor("alice"), h.ask("orders", Duration.ofHours(1)));
    assertRejected(() -> service.deleteIntegration(ROOT, "prod"), RejectionCode.CONFLICT, "active grants");
    service.revoke(ROOT, r.grantId(), "");
    service.deleteIntegration(ROOT, "prod");
    assertThat(h.store.integration("prod")).isEmpty();
    assertThat(h.store.resources("prod")).isEmpty();
    assertRejected(() -> service.deleteIntegration(ROOT, "prod"), RejectionCode.NOT_FOUND, "prod");
  }

  @Test
  void resourcesNeedAnIntegrationThatServesTheDatabase() {
    Resource orders = service.putResource(ROOT, new Resource("prod", "orders", "", "", Map.of("owner", "dba"), 0));
    assertThat(orders.revision()).isPositive();
    Resource replaced = service.putResource(ROOT, new Resource("prod", "orders", "", "", Map.of("owner", "x"), 0));
    assertThat(replaced.tags()).containsEntry("owner", "x");
    assertRejected(() -> service.putResource(ROOT, new Resource("nope", "orders", "", "", Map.of(), 0)),
        RejectionCode.INVALID, "no integration named nope");
    assertRejected(() -> service.putResource(ROOT, new Resource("prod", "nope", "", "", Map.of(), 0)),
        RejectionCode.INVALID, "has no database nope");
    assertThat(service.resources(ROOT, "prod")).extracting(Resource::key).containsExactly("prod/orders");
    service.deleteResource(ROOT, "prod/orders");
    assertRejected(() -> service.deleteResource(ROOT, "prod/orders"), RejectionCode.NOT_FOUND, "prod/orders");
    assertThat(h.actions()).contains("resource.put", "resource.delete");
  }

  @Test
  void flowsAreCheckedAndVersioned() {
    AccessFlow flow = h.manualFlow(1);
    assertRejected(() -> h.manualFlow(1), RejectionCode.CONFLICT, "already exists");
    assertRejected(() -> service.createFlow(ROOT, new AccessFlow("ghost", "", List.of(PrincipalRef.group("eng")),
        List.of(new ResourceSelector.ByPath("nowhere", "*")), List.of(Permission.READ), Duration.ofHours(1), false,
        new ApprovalRule.Automatic(), null, 0)), RejectionCode.INVALID, "no integration named nowhere");
    AccessFlow updated = service.updateFlow(ROOT, flow);
    assertThat(updated.revision()).isGreaterThan(flow.revision());
    service.deleteFlow(ROOT, "manual");
    assertRejected(() -> service.flow(ROOT, "manual"), RejectionCode.NOT_FOUND, "manual");
    assertThat(h.actions()).contains("access_flow.create", "access_flow.update", "access_flow.delete");
  }

  @Test
  void testingAnIntegrationResolvesTheSecretAndProbes() {
    IntegrationTestReport report = service.testIntegration(ROOT, "prod");
    assertThat(report.ok()).isTrue();
    assertThat(h.probedPassword.get()).isEqualTo("connector-pw-123");
    service.createIntegration(ROOT, withSecret("nosecret", "env:NOT_SET"));
    IntegrationTestReport missing = service.testIntegration(ROOT, "nosecret");
    assertThat(missing.ok()).isFalse();
    assertThat(missing.checks()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("secret");
      assertThat(c.detail()).isEqualTo("environment variable NOT_SET is not set");
    });
    Integration iam = new Integration("iam", null, new DatabaseLocation.RdsInstance("eu-west-1", "db1"),
        List.of("app"), new Connector("jitgate", ConnectorAuthType.IAM, null), null, "", true, 0, "", List.of(),
        "", null, null, null, 0);
    service.createIntegration(ROOT, iam);
    assertThat(service.testIntegration(ROOT, "iam").checks().getFirst().detail()).contains("later release");
  }

  @Test
  void creatingWithARevisionIsInvalid() {
    assertRejected(() -> service.createIntegration(ROOT, ServiceHarness.integration("fresh").withRevision(7)),
        RejectionCode.INVALID, "must be 0 when creating");
  }
}
