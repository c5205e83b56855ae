package dev.jitgate.pg.scram;

import static dev.jitgate.pg.scram.ScramTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** PostgreSQL's MD5 password scheme. */
class Md5PasswordTest {

  private static String md5Hex(byte[]... parts) throws Exception {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    for (byte[] part : parts) {
      md5.update(part);
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  @Test
  void wellKnownInnerHash() throws Exception {
    assertThat(md5Hex(utf8("postgrespostgres"))).isEqualTo("3175bce1d3201d16594cebf9d7eb3f9d");
    assertThat(Md5Password.hash("postgres", "postgres")).isEqualTo("md53175bce1d3201d16594cebf9d7eb3f9d");
  }

  @Test
  void encodeMatchesAnIndependentComputation() throws Exception {
    byte[] salt = {1, 2, 3, 4};
    String expected = "md5" + md5Hex(utf8("3175bce1d3201d16594cebf9d7eb3f9d"), salt);

    assertThat(Md5Password.encode("postgres", "postgres", salt)).isEqualTo(expected).hasSize(35);
    assertThat(Md5Password.encodeFromHash("md53175bce1d3201d16594cebf9d7eb3f9d", salt)).isEqualTo(expected);
  }

  @Test
  void storedHashMatchesPostgres() {
    // SET password_encryption = 'md5'; CREATE ROLE md5user PASSWORD 'secret'; on PostgreSQL 15
    assertThat(Md5Password.hash("md5user", "secret")).isEqualTo("md52aea419619857e8a27f0f7aa641db0c6");
  }

  @Test
  void rejectsBadSaltsAndHashes() {
    assertThatThrownBy(() -> Md5Password.encode("u", "p", new byte[3])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Md5Password.encodeFromHash("md5XYZ", new byte[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("XYZ");
    assertThat(Md5Password.isMd5Hash("md53175BCE1d3201d16594cebf9d7eb3f9d")).isFalse();
    assertThat(Md5Password.isMd5Hash("md53175bce1d3201d16594cebf9d7eb3f9d")).isTrue();
  }
}
