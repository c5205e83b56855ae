package dev.jitgate.proxy.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.InvalidFieldException;
import dev.jitgate.access.testing.AccessFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginTargetTest {
  private static final java.time.Instant T0 = AccessFixtures.T0;

  @Test
  void aQualifiedNameIsResolvedWithoutLookingAtGrants() {
    assertThat(LoginTarget.resolve("prod/orders", List.of()))
        .isEqualTo(new TargetResolution.Resolved(new LoginTarget("prod", "orders")));
    assertThat(LoginTarget.resolve("prod-eu-1/My Orders", List.of()))
        .isEqualTo(new TargetResolution.Resolved(new LoginTarget("prod-eu-1", "My Orders")));
    assertThat(new LoginTarget("prod", "orders").path()).isEqualTo("prod/orders");
  }

  @Test
  void malformedParametersNameTheBadPart() {
    assertThat(LoginTarget.resolve(null, List.of())).isEqualTo(new TargetResolution.Malformed("", "no database was given"));
    assertThat(LoginTarget.resolve("/orders", List.of()))
        .isEqualTo(new TargetResolution.Malformed("/orders", "integration: is required"));
    assertThat(LoginTarget.resolve("PROD/orders", List.of())).isInstanceOfSatisfying(TargetResolution.Malformed.class,
        m -> assertThat(m.reason()).startsWith("integration: must match"));
    assertThat(LoginTarget.resolve("prod/" + "x".repeat(64), List.of()))
        .isInstanceOfSatisfying(TargetResolution.Malformed.class,
            m -> assertThat(m.reason()).isEqualTo("database: must be at most 63 bytes"));
    assertThat(LoginTarget.resolve("ord\u0001ers", List.of()))
        .isInstanceOfSatisfying(TargetResolution.Malformed.class,
            m -> assertThat(m.reason()).isEqualTo("database: must not contain control characters"));
    assertThatThrownBy(() -> new LoginTarget("prod", "a/b")).isInstanceOf(InvalidFieldException.class);
  }

  @Test
  void aPlainNameResolvesAmongTheUsersActiveGrants() {
    var prodOrders = AccessFixtures.grant("g1", "alice", "prod", "orders", GrantState.ACTIVE, T0);
    var stagingOrders = AccessFixtures.grant("g2", "alice", "staging", "orders", GrantState.ACTIVE, T0);
    var endedStaging = AccessFixtures.grant("g3", "alice", "staging", "billing", GrantState.ENDED, T0);
    var endedProd = AccessFixtures.grant("g4", "alice", "prod", "billing", GrantState.REVOKED, T0);
    var activeBilling = AccessFixtures.grant("g5", "alice", "prod", "billing", GrantState.ACTIVE, T0);

    assertThat(LoginTarget.resolve("orders", List.of(prodOrders)))
        .isEqualTo(new TargetResolution.Resolved(new LoginTarget("prod", "orders")));
    assertThat(LoginTarget.resolve("orders", List.of(stagingOrders, prodOrders, prodOrders)))
        .isEqualTo(new TargetResolution.Ambiguous("orders",
            List.of(new LoginTarget("prod", "orders"), new LoginTarget("staging", "orders"))));
    assertThat(LoginTarget.resolve("inventory", List.of(prodOrders)))
        .isEqualTo(new TargetResolution.Unmatched("inventory"));
    assertThat(LoginTarget.resolve("billing", List.of(endedStaging)))
        .as("no active grant: an ended one names the target, so the rejection can say it ended")
        .isEqualTo(new TargetResolution.Resolved(new LoginTarget("staging", "billing")));
    assertThat(LoginTarget.resolve("billing", List.of(endedStaging, endedProd)))
        .isInstanceOf(TargetResolution.Ambiguous.class);
    assertThat(LoginTarget.resolve("billing", List.of(endedStaging, activeBilling)))
        .as("an active grant wins over ended ones")
        .isEqualTo(new TargetResolution.Resolved(new LoginTarget("prod", "billing")));
  }
}
