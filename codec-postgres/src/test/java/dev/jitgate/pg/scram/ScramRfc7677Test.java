package dev.jitgate.pg.scram;

import static dev.jitgate.pg.scram.ScramTestSupport.PLAIN;
import static dev.jitgate.pg.scram.ScramTestSupport.b64;
import static dev.jitgate.pg.scram.ScramTestSupport.text;
import static dev.jitgate.pg.scram.ScramTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The SCRAM-SHA-256 example exchange of RFC 7677 section 3, run through client and server. */
class ScramRfc7677Test {

  static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
  static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  static final String SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";
  static final String CLIENT_FIRST = "n,,n=user,r=" + CLIENT_NONCE;
  static final String SERVER_FIRST = "r=" + CLIENT_NONCE + SERVER_NONCE + ",s=" + SALT + ",i=4096";
  static final String CLIENT_FINAL =
      "c=biws,r=" + CLIENT_NONCE + SERVER_NONCE + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

  @Test
  void clientProducesTheRfcMessages() throws ScramException {
    ScramClient client = new ScramClient("pencil", "user", CLIENT_NONCE, PLAIN, null);

    assertThat(text(client.clientFirstMessage())).isEqualTo(CLIENT_FIRST);
    assertThat(text(client.handleServerFirst(utf8(SERVER_FIRST)))).isEqualTo(CLIENT_FINAL);
    client.verifyServerFinal(utf8(SERVER_FINAL));
    assertThat(client.isServerAuthenticated()).isTrue();
  }

  @Test
  void serverAcceptsTheRfcExchange() throws ScramException {
    ScramVerifier verifier = ScramVerifier.fromPassword("pencil", b64(SALT), 4096);
    ScramServer server = new ScramServer(verifier, false, new SecureRandom(), null, SERVER_NONCE);

    assertThat(server.mechanisms()).containsExactly(PLAIN);
    assertThat(text(server.handleClientFirst(PLAIN, utf8(CLIENT_FIRST)))).isEqualTo(SERVER_FIRST);
    assertThat(text(server.handleClientFinal(utf8(CLIENT_FINAL)))).isEqualTo(SERVER_FINAL);
    assertThat(server.isAuthenticated()).isTrue();
  }

  @Test
  void verifierMatchesTheRfcKeysComputedStepByStep() {
    byte[] salted = ScramCrypto.hi(utf8("pencil"), b64(SALT), 4096);
    byte[] clientKey = ScramCrypto.hmac(salted, utf8("Client Key"));
    ScramVerifier verifier = ScramVerifier.fromPassword("pencil", b64(SALT), 4096);

    assertThat(verifier.storedKey()).isEqualTo(ScramCrypto.sha256(clientKey));
    assertThat(verifier.serverKey()).isEqualTo(ScramCrypto.hmac(salted, utf8("Server Key")));
  }

  @Test
  void hiOfOneIterationIsOnePbkdf2Block() throws Exception {
    // Cross-check Hi against the JDK's independent PBKDF2 implementation.
    javax.crypto.SecretKeyFactory pbkdf2 = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
    for (int iterations : new int[] {1, 2, 4096}) {
      byte[] expected =
          pbkdf2
              .generateSecret(new javax.crypto.spec.PBEKeySpec("pencil".toCharArray(), b64(SALT), iterations, 256))
              .getEncoded();
      assertThat(ScramCrypto.hi(utf8("pencil"), b64(SALT), iterations)).isEqualTo(expected);
    }
  }
}
