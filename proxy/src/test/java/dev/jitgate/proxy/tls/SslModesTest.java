package dev.jitgate.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SslModesTest {

  @Test
  void parsesLibpqSpellings() {
    assertThat(UpstreamSslMode.parse("disable")).isEqualTo(UpstreamSslMode.DISABLE);
    assertThat(UpstreamSslMode.parse("allow")).isEqualTo(UpstreamSslMode.ALLOW);
    assertThat(UpstreamSslMode.parse("prefer")).isEqualTo(UpstreamSslMode.PREFER);
    assertThat(UpstreamSslMode.parse("require")).isEqualTo(UpstreamSslMode.REQUIRE);
    assertThat(UpstreamSslMode.parse("verify-ca")).isEqualTo(UpstreamSslMode.VERIFY_CA);
    assertThat(UpstreamSslMode.parse(" Verify-Full ")).isEqualTo(UpstreamSslMode.VERIFY_FULL);
    assertThat(UpstreamSslMode.parse("VERIFY_FULL")).isEqualTo(UpstreamSslMode.VERIFY_FULL);
    for (UpstreamSslMode mode : UpstreamSslMode.values()) {
      assertThat(UpstreamSslMode.parse(mode.libpqName())).isEqualTo(mode);
    }
  }

  @Test
  void invalidUpstreamModeListsValidValues() {
    assertThatThrownBy(() -> UpstreamSslMode.parse("verify"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'verify'")
        .hasMessageContaining("disable, allow, prefer, require, verify-ca, verify-full");
    assertThatThrownBy(() -> UpstreamSslMode.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void upstreamModePredicatesFollowLibpq() {
    assertThat(UpstreamSslMode.DISABLE.allowsTls()).isFalse();
    assertThat(UpstreamSslMode.ALLOW.triesTls()).isFalse();
    assertThat(UpstreamSslMode.ALLOW.allowsTls()).isTrue();
    assertThat(UpstreamSslMode.PREFER.triesTls()).isTrue();
    assertThat(UpstreamSslMode.PREFER.requiresTls()).isFalse();
    assertThat(UpstreamSslMode.REQUIRE.requiresTls()).isTrue();
    assertThat(UpstreamSslMode.REQUIRE.verifiesChain()).isFalse();
    assertThat(UpstreamSslMode.VERIFY_CA.verifiesChain()).isTrue();
    assertThat(UpstreamSslMode.VERIFY_CA.verifiesHostname()).isFalse();
    assertThat(UpstreamSslMode.VERIFY_FULL.verifiesChain()).isTrue();
    assertThat(UpstreamSslMode.VERIFY_FULL.verifiesHostname()).isTrue();
    assertThat(UpstreamSslMode.VERIFY_FULL.allowsPlaintext()).isFalse();
    assertThat(UpstreamSslMode.PREFER.allowsPlaintext()).isTrue();
  }

  @Test
  void parsesClientModes() {
    assertThat(ClientTlsMode.parse("disable")).isEqualTo(ClientTlsMode.DISABLE);
    assertThat(ClientTlsMode.parse("ALLOW")).isEqualTo(ClientTlsMode.ALLOW);
    assertThat(ClientTlsMode.parse("prefer")).isEqualTo(ClientTlsMode.PREFER);
    assertThat(ClientTlsMode.parse("require")).isEqualTo(ClientTlsMode.REQUIRE);
    assertThatThrownBy(() -> ClientTlsMode.parse("verify-full"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("disable, allow, prefer, require");
  }

  @Test
  void clientModePredicates() {
    assertThat(ClientTlsMode.DISABLE.acceptsSslRequest()).isFalse();
    assertThat(ClientTlsMode.DISABLE.allowsPlaintext()).isTrue();
    assertThat(ClientTlsMode.ALLOW.acceptsSslRequest()).isTrue();
    assertThat(ClientTlsMode.PREFER.acceptsSslRequest()).isTrue();
    assertThat(ClientTlsMode.PREFER.requiresTls()).isFalse();
    assertThat(ClientTlsMode.REQUIRE.acceptsSslRequest()).isTrue();
    assertThat(ClientTlsMode.REQUIRE.requiresTls()).isTrue();
    assertThat(ClientTlsMode.REQUIRE.allowsPlaintext()).isFalse();
  }
}
