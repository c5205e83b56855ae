package dev.jitgate.access.service;

import static dev.jitgate.access.service.RequestLifecycleServiceTest.assertRejected;
import static dev.jitgate.access.service.ServiceHarness.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.store.GrantQuery;
import dev.jitgate.access.store.RequestQuery;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccessControlServiceTest {
  private final ServiceHarness h = new ServiceHarness().seeded();
  private final AccessService service = h.service;
  private final Actor alice = h.actor("alice");
  private final Actor dave = h.actor("dave");
  private final Actor bob = h.actor("bob");
  private final Actor audrey = h.actor("audrey");

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void requestersCannotChangeTheCatalog() {
    assertRejected(() -> service.createIntegration(alice, ServiceHarness.integration("other")),
        RejectionCode.FORBIDDEN, "you need the admin role to change integrations");
    assertRejected(() -> service.createFlow(alice, ServiceHarness.flow("mine", new ApprovalRule.Automatic(),
        Duration.ofHours(1), false)), RejectionCode.FORBIDDEN, "change access flows");
    assertRejected(() -> service.putResource(alice, new Resource("prod", "orders", "", "", Map.of(), 0)),
        RejectionCode.FORBIDDEN, "change resources");
    assertRejected(() -> service.putPrincipal(alice, ServiceHarness.user("alice", java.util.Set.of(
        dev.jitgate.access.model.Role.ADMIN))), RejectionCode.FORBIDDEN, "change principals");
    assertRejected(() -> service.principals(alice), RejectionCode.FORBIDDEN, "read principals");
    assertRejected(() -> service.testIntegration(alice, "prod"), RejectionCode.FORBIDDEN, "test integrations");
    assertThat(service.integrations(alice)).extracting(i -> i.name()).containsExactly("prod");
    assertThat(service.principal(alice, "alice").name()).isEqualTo("alice");
  }

  @Test
  void requestersSeeOnlyTheirOwnRequestsAndGrants() {
    h.automaticFlow();
    AccessRequest mine = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    AccessRequest theirs = service.createRequest(dave, h.ask("orders", Duration.ofHours(1)));
    assertRejected(() -> service.request(alice, theirs.id()), RejectionCode.NOT_FOUND,
        "no access request " + theirs.id());
    assertRejected(() -> service.grant(alice, theirs.grantId()), RejectionCode.NOT_FOUND, theirs.grantId());
    assertRejected(() -> service.request(alice, "no-such-id"), RejectionCode.NOT_FOUND, "no-such-id");
    assertThat(service.requests(alice, RequestQuery.all())).extracting(AccessRequest::id)
        .containsExactly(mine.id());
    assertThat(service.requests(alice, new RequestQuery(null, "dave", 10))).isEmpty();
    assertThat(service.grants(alice, GrantQuery.all())).extracting(g -> g.principal()).containsOnly("alice");
    assertThat(service.grants(alice, GrantQuery.activeOf("dave"))).isEmpty();
    assertThat(service.requests(bob, RequestQuery.all())).hasSize(2);
    assertThat(service.grants(audrey, GrantQuery.all())).hasSize(2);
  }

  @Test
  void auditorsReadEverythingAndChangeNothing() {
    h.manualFlow(1);
    AccessRequest r = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    assertThat(service.request(audrey, r.id()).id()).isEqualTo(r.id());
    assertThat(service.principals(audrey)).isNotEmpty();
    assertThat(service.flows(audrey)).hasSize(1);
    assertThat(service.resources(audrey, "prod")).isEmpty();
    assertRejected(() -> service.approve(audrey, r.id(), ""), RejectionCode.FORBIDDEN, "approver");
    assertRejected(() -> service.deleteFlow(audrey, "manual"), RejectionCode.FORBIDDEN, "change access flows");
    assertRejected(() -> service.createRequest(audrey, h.ask("orders", Duration.ofHours(1))),
        RejectionCode.FORBIDDEN, "request access");
    assertRejected(() -> service.cancel(audrey, r.id()), RejectionCode.FORBIDDEN, "only the requester");
    assertThat(service.request(alice, r.id()).state()).isEqualTo(RequestState.PENDING);
  }

  @Test
  void approversCannotIssueCredentialsForOthersOrRequestWithoutTheRole() {
    h.automaticFlow();
    AccessRequest r = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    assertRejected(() -> service.issueCredential(bob, r.grantId()), RejectionCode.FORBIDDEN,
        "only the holder of a grant can get its credentials");
    assertRejected(() -> service.createRequest(bob, h.ask("orders", Duration.ofHours(1))),
        RejectionCode.FORBIDDEN, "you need one of the roles admin, requester to request access");
  }

  @Test
  void meShowsTheActorsOwnState() {
    h.automaticFlow();
    AccessRequest r = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    Me me = service.me(alice);
    assertThat(me.principal()).isEqualTo("alice");
    assertThat(me.groups()).containsExactly("eng");
    assertThat(me.activeGrants()).extracting(g -> g.id()).containsExactly(r.grantId());
    assertThat(me.pendingRequests()).isEmpty();
    assertThat(service.me(dave).activeGrants()).isEmpty();
    assertThat(service.me(ROOT).roles()).contains(dev.jitgate.access.model.Role.ADMIN);
  }
}
