package dev.jitgate.app.demo;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.Connector;
import dev.jitgate.access.model.ConnectorAuthType;
import dev.jitgate.access.model.DatabaseLocation;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.IntegrationType;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.Principal;
import dev.jitgate.access.model.PrincipalKind;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.PrincipalSource;
import dev.jitgate.access.model.ResourceSelector;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.model.SecretRef;
import dev.jitgate.access.model.SslMode;
import dev.jitgate.access.service.AccessService;
import dev.jitgate.access.service.Actor;
import dev.jitgate.access.service.IssuedCredential;
import dev.jitgate.access.service.NewAccessRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What {@code jitgate demo} puts into the control plane, all through the {@link AccessService} as the API
 * would: the integration {@value #INTEGRATION} (the embedded upstream, database {@code shop}), the users
 * {@value #ENGINEER} (requester) and {@value #APPROVER} (approver), the access flow {@value #FLOW} (read or
 * write on demo/shop for alice, up to 8 h, approved by bob), API tokens for both, alice's request for one hour
 * of read access, bob's approval, and the credential of the resulting grant.
 */
public final class DemoSeed {

  public static final String INTEGRATION = "demo";
  public static final String ENGINEER = "alice";
  public static final String APPROVER = "bob";
  public static final String FLOW = "demo-shop";
  /** How long the demo grant lasts. */
  public static final Duration GRANT_DURATION = Duration.ofHours(1);
  static final Duration TOKEN_TTL = Duration.ofDays(1);

  /**
   * What the seed produced. {@link #toString()} leaves the secrets out.
   *
   * @param adminToken the bootstrap admin's API token
   * @param engineerToken alice's API token
   * @param approverToken bob's API token
   * @param grant alice's active read grant on demo/shop
   * @param password the grant's password at the proxy
   */
  public record Access(String adminToken, String engineerToken, String approverToken, Grant grant, String password) {
    @Override
    public String toString() {
      return "Access[grant=" + grant.id() + "]";
    }
  }

  /**
   * Where the upstream is and how the connector logs in.
   *
   * @param host the upstream's address
   * @param port its port
   * @param caFile the CA its certificate is checked against (verify-full)
   * @param connectorSecret the file holding the connector's password
   */
  public record Upstream(String host, int port, Path caFile, Path connectorSecret) {}

  private DemoSeed() {}

  /** Creates everything; {@code adminToken} is the bootstrap admin's. */
  public static Access seed(AccessService service, String adminToken, Upstream upstream) {
    Actor admin = actor(service, adminToken);
    service.putPrincipal(admin, new Principal(ENGINEER, PrincipalKind.USER, "Alice (engineer)", "alice@example.com",
        List.of(), Set.of(Role.REQUESTER), PrincipalSource.LOCAL, 0));
    service.putPrincipal(admin, new Principal(APPROVER, PrincipalKind.USER, "Bob (approver)", "bob@example.com",
        List.of(), Set.of(Role.APPROVER), PrincipalSource.LOCAL, 0));
    service.createIntegration(admin, new Integration(INTEGRATION, IntegrationType.POSTGRESQL,
        new DatabaseLocation.HostPort(upstream.host(), upstream.port()), List.of(DemoUpstream.DATABASE),
        new Connector(DemoUpstream.CONNECTOR, ConnectorAuthType.PASSWORD,
            new SecretRef("file:" + upstream.connectorSecret().toAbsolutePath())),
        SslMode.VERIFY_FULL, upstream.caFile().toAbsolutePath().toString(), false, 0,
        "The jitgate demo's throwaway PostgreSQL with the sample database shop.", List.of(), "",
        List.of(Permission.READ, Permission.WRITE), null, null, 0));
    service.createFlow(admin, new AccessFlow(FLOW, "Read or write access to the demo shop, approved by bob.",
        List.of(PrincipalRef.user(ENGINEER)), List.of(new ResourceSelector.ByPath(INTEGRATION, DemoUpstream.DATABASE)),
        List.of(Permission.READ, Permission.WRITE), Duration.ofHours(8), true,
        new ApprovalRule.Manual(false, List.of(PrincipalRef.user(APPROVER)), 1), null, 0));
    String engineerToken = service.createToken(admin, ENGINEER, "demo", TOKEN_TTL).secret();
    String approverToken = service.createToken(admin, APPROVER, "demo", TOKEN_TTL).secret();
    Actor alice = actor(service, engineerToken);
    Actor bob = actor(service, approverToken);
    AccessRequest request = service.createRequest(alice, new NewAccessRequest(INTEGRATION, DemoUpstream.DATABASE,
        Permission.READ, GRANT_DURATION, "Trying out jitgate"));
    AccessRequest approved = service.approve(bob, request.id(), "Enjoy the demo");
    Grant grant = service.grant(alice, approved.grantId());
    IssuedCredential credential = service.issueCredential(alice, grant.id());
    return new Access(adminToken, engineerToken, approverToken, grant, credential.password());
  }

  private static Actor actor(AccessService service, String token) {
    return service.authenticateToken(token)
        .orElseThrow(() -> new IllegalStateException("a token the demo just created was not accepted"));
  }
}
