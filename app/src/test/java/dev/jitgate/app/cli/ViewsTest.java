package dev.jitgate.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.Connector;
import dev.jitgate.access.model.ConnectorAuthType;
import dev.jitgate.access.model.DatabaseLocation;
import dev.jitgate.access.model.EndReason;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.RequestKind;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.model.ResourceSelector;
import dev.jitgate.access.model.SecretRef;
import dev.jitgate.access.model.SslMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewsTest {

  private static final Instant T = Instant.parse("2025-06-01T10:04:59Z");

  private static AccessRequest request(String id, RequestKind kind, RequestState state, String reason) {
    return new AccessRequest(id, kind, "alice", "prod", "orders", Permission.READ, Duration.ofMinutes(90), reason,
        "oncall", kind == RequestKind.EXTENSION ? "g1" : "", state, T, T.plus(Duration.ofDays(1)), List.of(), null,
        "", 1);
  }

  @Test
  void requestsShowTheDatabasePathDurationAndAShortReason() {
    String text = Views.requests(List.of(
        request("r1", RequestKind.NEW, RequestState.PENDING, "INC-1 refund check for the customer complaint queue"),
        request("r2", RequestKind.EXTENSION, RequestState.APPROVED, ""))).render();
    assertThat(text).isEqualTo("""
        ID  STATE     REQUESTER  DATABASE     PERMISSION  FOR     CREATED            REASON
        r1  pending   alice      prod/orders  read        1h30m   2025-06-01 10:04Z  INC-1 refund check for the customer com…
        r2  approved  alice      prod/orders  read        +1h30m  2025-06-01 10:04Z
        """);
  }

  @Test
  void grantsShowStartAndEnd() {
    Grant active = new Grant("g1", "alice", "prod", "orders", Permission.WRITE, "r1", T, T.plus(Duration.ofHours(2)),
        GrantState.ACTIVE, null, "", null, "", 3);
    Grant revoked = active.ended(GrantState.REVOKED, T.plusSeconds(60), "bob", EndReason.values()[0], "");
    assertThat(Views.grants(List.of(active, revoked)).render()).isEqualTo("""
        ID  STATE    PRINCIPAL  DATABASE     PERMISSION  STARTS             ENDS
        g1  active   alice      prod/orders  write       2025-06-01 10:04Z  2025-06-01 12:04Z
        g1  revoked  alice      prod/orders  write       2025-06-01 10:04Z  2025-06-01 12:04Z
        """);
  }

  @Test
  void integrationsShowWhereAndWhat() {
    Integration hostPort = new Integration("prod", null, new DatabaseLocation.HostPort("db.internal", 5432),
        List.of("orders", "billing"), new Connector("jitgate", ConnectorAuthType.PASSWORD, SecretRef.of("env:PW")),
        null, "", true, 30, "", List.of(), "", List.of(Permission.READ, Permission.WRITE), T, T, 1);
    Integration rds = new Integration("analytics", null, new DatabaseLocation.RdsInstance("eu-west-1", "db-1"),
        List.of("dwh"), new Connector("jitgate", ConnectorAuthType.IAM, null), SslMode.REQUIRE, "", true, 0, "",
        List.of(), "", null, T, T, 1);
    assertThat(Views.integrations(List.of(hostPort, rds)).render()).isEqualTo("""
        NAME       LOCATION            DATABASES       PERMISSIONS  SSLMODE
        prod       db.internal:5432    orders,billing  read,write   verify-full
        analytics  rds:eu-west-1/db-1  dwh             read         require
        """);
  }

  @Test
  void flowsSummarizeTheApprovalRule() {
    AccessFlow manual = new AccessFlow("oncall", "", List.of(PrincipalRef.group("eng")),
        List.of(new ResourceSelector.ByPath("prod", "*"), new ResourceSelector.ByTag("env", "prod")),
        List.of(Permission.READ), Duration.ofHours(4), true,
        new ApprovalRule.Manual(true, List.of(PrincipalRef.group("dba"), PrincipalRef.user("carol")), 2), null, 1);
    AccessFlow auto = new AccessFlow("self", "", List.of(PrincipalRef.user("alice")),
        List.of(new ResourceSelector.ByPath("dev", "app")), List.of(Permission.WRITE), Duration.ofDays(1), false,
        new ApprovalRule.Automatic(), null, 1);
    assertThat(Views.flows(List.of(manual, auto)).render()).isEqualTo("""
        NAME    REQUESTERS  RESOURCES            PERMISSIONS  MAX  APPROVAL
        oncall  group:eng   prod/*,tag:env=prod  read         4h   2 of resource owners,group:dba,user:carol
        self    user:alice  dev/app              write        1d   automatic
        """);
  }
}
