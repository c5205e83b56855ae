package dev.jitgate.access.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "prod", "prod-eu-1", "0abc", "a23456789012345678901234567890123456789012345678901234567890123"})
  void acceptsSlugs(String name) {
    assertThat(Names.slug("name", name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-prod", "Prod", "prod_1", "prod/x", "prod db", "é",
      "a234567890123456789012345678901234567890123456789012345678901234"})
  void rejectsBadSlugsNamingTheField(String name) {
    assertThatThrownBy(() -> Names.slug("integration", name))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("integration"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "O'Brien", "a b", "Zoë", "名前", "robert\"); DROP TABLE x;--", "😀"})
  void acceptsPrintablePrincipalNames(String name) {
    assertThat(Names.principal("principal", name)).isEqualTo(name);
  }

  @Test
  void rejectsControlCharactersUnpairedSurrogatesAndOverlongPrincipals() {
    assertThatThrownBy(() -> Names.principal("p", "a\u0000b")).isInstanceOf(InvalidFieldException.class);
    assertThatThrownBy(() -> Names.principal("p", "a\nb")).isInstanceOf(InvalidFieldException.class);
    assertThatThrownBy(() -> Names.principal("p", "a\uD800b")).hasMessageContaining("not valid Unicode");
    assertThatThrownBy(() -> Names.principal("p", "\uDC00")).hasMessageContaining("not valid Unicode");
    assertThatThrownBy(() -> Names.principal("p", "   ")).hasMessageContaining("blank");
    assertThatThrownBy(() -> Names.principal("p", "é".repeat(129))).hasMessageContaining("256 bytes");
    assertThat(Names.principal("p", "é".repeat(128))).hasSize(128);
  }

  @Test
  void identifiersAreAtMost63BytesWithoutSlash() {
    assertThat(Names.identifier("database", "x".repeat(63))).hasSize(63);
    assertThatThrownBy(() -> Names.identifier("database", "x".repeat(64))).hasMessageContaining("63 bytes");
    assertThatThrownBy(() -> Names.identifier("database", "é".repeat(32))).hasMessageContaining("63 bytes");
    assertThatThrownBy(() -> Names.identifier("database", "a/b")).hasMessageContaining("'/'");
  }

  @Test
  void textIsBoundedAndNulFree() {
    assertThat(Names.text("reason", null)).isEmpty();
    assertThatThrownBy(() -> Names.text("reason", "x".repeat(4001))).hasMessageStartingWith("reason:");
    assertThatThrownBy(() -> Names.text("reason", "a\u0000")).hasMessageContaining("NUL");
  }

  @Test
  void principalRefsRoundTripThroughText() {
    assertThat(PrincipalRef.parse("user:alice")).isEqualTo(PrincipalRef.user("alice"));
    assertThat(PrincipalRef.parse("group:db a")).isEqualTo(PrincipalRef.group("db a"));
    assertThat(PrincipalRef.group("dba").toString()).isEqualTo("group:dba");
    assertThatThrownBy(() -> PrincipalRef.parse("alice")).isInstanceOf(InvalidFieldException.class);
    assertThat(PrincipalRef.group("dba").matches("bob", java.util.Set.of("dba"))).isTrue();
    assertThat(PrincipalRef.user("dba").matches("bob", java.util.Set.of("dba"))).isFalse();
  }

  @Test
  void secretRefsOnlyAcceptKnownSchemes() {
    assertThat(new SecretRef("env:PG_PASSWORD").scheme()).isEqualTo("env");
    assertThat(new SecretRef("file:/run/secrets/pg").location()).isEqualTo("/run/secrets/pg");
    assertThat(new SecretRef("aws-secretsmanager:arn:aws:secretsmanager:eu-west-1:1:secret:x").scheme())
        .isEqualTo("aws-secretsmanager");
    for (String bad : new String[] {"hunter2", "env:", "file:", "literal:x", "aws-secretsmanager:x"}) {
      assertThatThrownBy(() -> new SecretRef(bad))
          .isInstanceOf(InvalidFieldException.class)
          .hasMessageNotContaining("hunter2");
    }
  }
}
