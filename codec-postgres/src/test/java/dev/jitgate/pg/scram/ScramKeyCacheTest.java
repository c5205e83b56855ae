package dev.jitgate.pg.scram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ScramKeyCacheTest {

  private final SecureRandom random = new SecureRandom();

  /** Runs a whole exchange with a real server; returns normally only if both sides authenticated. */
  private void login(String clientPassword, ScramVerifier verifier, ScramKeyCache cache) throws ScramException {
    ScramServer server = ScramServer.forVerifier(verifier, random, null);
    ScramClient client = new ScramClient(clientPassword, random, "SCRAM-SHA-256", null, cache);
    byte[] serverFirst = server.handleClientFirst("SCRAM-SHA-256", client.clientFirstMessage());
    byte[] serverFinal = server.handleClientFinal(client.handleServerFirst(serverFirst));
    client.verifyServerFinal(serverFinal);
    assertThat(client.isServerAuthenticated()).isTrue();
  }

  @Test
  void repeatedLoginsReuseTheDerivedKeys() throws Exception {
    ScramVerifier verifier = ScramVerifier.generate("s3cret", random);
    ScramKeyCache cache = new ScramKeyCache(8);
    login("s3cret", verifier, cache);
    assertThat(cache.size()).isEqualTo(1);
    login("s3cret", verifier, cache);
    login("s3cret", verifier, cache);
    assertThat(cache.size()).as("same password, salt and iterations").isEqualTo(1);
  }

  @Test
  void aWrongPasswordIsNotMaskedByTheCache() throws Exception {
    ScramVerifier verifier = ScramVerifier.generate("right", random);
    ScramKeyCache cache = new ScramKeyCache(8);
    login("right", verifier, cache);
    assertThatThrownBy(() -> login("wrong", verifier, cache))
        .isInstanceOf(ScramException.class)
        .extracting(e -> ((ScramException) e).reason())
        .isEqualTo(ScramException.Reason.INVALID_PROOF);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void aNewSaltAfterAPasswordChangeStillWorks() throws Exception {
    ScramKeyCache cache = new ScramKeyCache(8);
    login("pw", ScramVerifier.generate("pw", random), cache);
    login("pw", ScramVerifier.generate("pw", random), cache);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void boundedSize() throws Exception {
    ScramKeyCache cache = new ScramKeyCache(2);
    for (int i = 0; i < 5; i++) {
      login("pw" + i, ScramVerifier.generate("pw" + i, random), cache);
    }
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.toString()).doesNotContain("pw");
  }
}
