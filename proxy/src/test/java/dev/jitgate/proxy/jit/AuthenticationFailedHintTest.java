package dev.jitgate.proxy.jit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.proxy.grants.GrantAdmission;
import org.junit.jupiter.api.Test;

/** The hint of a failed authentication depends on the database parameter only and always names the request. */
class AuthenticationFailedHintTest {

  @Test
  void aFullPathIsNamedAsTyped() {
    assertThat(GrantAdmission.authenticationFailedHint("prod/orders"))
        .contains("jitgate request prod/orders --permission read --for 1h")
        .contains("jitgate credentials <grant>");
  }

  @Test
  void aPlainNameGetsAnIntegrationPlaceholder() {
    assertThat(GrantAdmission.authenticationFailedHint("orders"))
        .contains("jitgate request <integration>/orders --permission read");
  }

  @Test
  void oddNamesAreShellQuotedAndMalformedOnesAreNotEchoed() {
    assertThat(GrantAdmission.authenticationFailedHint("prod/my db"))
        .contains("jitgate request 'prod/my db' --permission read");
    assertThat(GrantAdmission.authenticationFailedHint("Bad Integration/x; rm -rf /"))
        .contains("jitgate request <integration>/<database> --permission read")
        .doesNotContain("rm -rf");
    assertThat(GrantAdmission.authenticationFailedHint(""))
        .contains("jitgate request <integration>/<database>");
  }
}
