package dev.jitgate.proxy.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoleNameTest {

  private static final String GRANT = "0190f3a2-7c1e-7d4b-9a53-3f2e1d0c9b8a";

  @Test
  void uuidGrantIdGivesItsHexDigits() {
    RoleName name = RoleName.forGrant(GRANT, "alice");
    assertThat(name.value()).isEqualTo("jit_alice_0190f3a27c1e7d4b9a533f2e1d0c9b8a");
    assertThat(RoleName.forGrant(GRANT.toUpperCase(), "alice")).isEqualTo(name);
  }

  @Test
  void otherGrantIdsAreHashed() {
    RoleName name = RoleName.forGrant("grant-42", "bob");
    assertThat(name.value()).matches("jit_bob_[a-z2-7]{26}");
    assertThat(RoleName.forGrant("grant-43", "bob")).isNotEqualTo(name);
    assertThat(RoleName.forGrant("grant-42", "bob")).isEqualTo(name);
  }

  @Test
  void hostilePrincipalsGiveValidDistinctNames() {
    List<String> principals = List.of("alice", "Alice", "o'brien", "x\"; DROP ROLE postgres; --", "a b c", "ZOË",
        "名前", "\uD83D\uDE00", "\uFFFD\uFFFD", "alice@example.com", "a".repeat(500), "Ä".repeat(100),
        "-_-", "İstanbul", "");
    Set<String> names = new HashSet<>();
    for (String principal : principals) {
      String grant = UUID.randomUUID().toString();
      RoleName name = RoleName.forGrant(grant, principal);
      assertThat(name.value()).as(principal).matches("jit_[a-z0-9_]+");
      assertThat(name.value().getBytes(StandardCharsets.UTF_8).length).as(principal).isLessThanOrEqualTo(63);
      assertThat(name.value()).doesNotContain("__").doesNotEndWith("_");
      names.add(name.value());
      // uniqueness comes from the grant: the same principal with another grant gets another name
      assertThat(RoleName.forGrant(UUID.randomUUID().toString(), principal)).isNotEqualTo(name);
    }
    assertThat(names).hasSize(principals.size());
  }

  @Test
  void principalPartIsSanitised() {
    assertThat(RoleName.principalPart("Zoë O'Brien")).isEqualTo("zoe_o_brien");
    assertThat(RoleName.principalPart("x\"; DROP ROLE postgres; --")).isEqualTo("x_drop_role_postgres");
    assertThat(RoleName.principalPart("名前")).isEmpty();
    assertThat(RoleName.principalPart("a".repeat(100))).hasSize(RoleName.MAX_PRINCIPAL_PART);
    assertThat(RoleName.forGrant(GRANT, "名前").value()).isEqualTo("jit_0190f3a27c1e7d4b9a533f2e1d0c9b8a");
  }

  @Test
  void sameGrantDifferentPrincipalDiffersOnlyCosmetically() {
    assertThat(RoleName.forGrant(GRANT, "bob").value()).endsWith("_0190f3a27c1e7d4b9a533f2e1d0c9b8a");
  }

  @Test
  void constructorRejectsNamesOfOtherShapes() {
    for (String bad : List.of("alice", "jit_", "jit_A", "jit_a;b", "JIT_a", "jit_" + "a".repeat(60), "jit_\"a\"")) {
      assertThatThrownBy(() -> new RoleName(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("role name");
    }
    assertThat(RoleName.isGenerated("jit_lookalike")).isTrue();
    assertThat(RoleName.isGenerated("jitgate_managed")).isFalse();
  }

  @Test
  void emptyGrantIdIsRejected() {
    assertThatThrownBy(() -> RoleName.forGrant("", "alice")).hasMessageContaining("grantId");
  }

  @Test
  void quotedIsADoubleQuotedIdentifier() {
    assertThat(RoleName.forGrant(GRANT, "alice").quoted()).isEqualTo("\"jit_alice_0190f3a27c1e7d4b9a533f2e1d0c9b8a\"");
  }
}
