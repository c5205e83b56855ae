package dev.jitgate.pg.scram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checking cleartext passwords against stored secrets, like PostgreSQL's plain_crypt_verify. */
class CleartextPasswordTest {

  @Test
  void scramSecret() {
    String secret = ScramVerifierTest.ALICE;
    assertThat(CleartextPassword.verify("alice", "correct horse battery staple", secret)).isTrue();
    assertThat(CleartextPassword.verify("alice", "Correct horse battery staple", secret)).isFalse();
  }

  @Test
  void md5Hash() {
    String hash = "md52aea419619857e8a27f0f7aa641db0c6";
    assertThat(CleartextPassword.verify("md5user", "secret", hash)).isTrue();
    assertThat(CleartextPassword.verify("md5user", "Secret", hash)).isFalse();
    assertThat(CleartextPassword.verify("other", "secret", hash)).isFalse();
  }

  @Test
  void unknownOrMissingSecretsNeverMatch() {
    assertThat(CleartextPassword.verify("u", "secret", "secret")).isFalse();
    assertThat(CleartextPassword.verify("u", "", "")).isFalse();
    assertThat(CleartextPassword.verify("u", "secret", null)).isFalse();
    assertThat(CleartextPassword.verify("u", "secret", "SCRAM-SHA-256$broken")).isFalse();
  }
}
