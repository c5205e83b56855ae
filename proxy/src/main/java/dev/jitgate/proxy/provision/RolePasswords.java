package dev.jitgate.proxy.provision;

import dev.jitgate.proxy.config.Secret;
import java.security.SecureRandom;
import java.util.Base64;

/** Random upstream role passwords: 32 URL-safe Base64 characters (192 bits), unchanged by SASLprep. */
public final class RolePasswords {

  private final SecureRandom random;

  public RolePasswords(SecureRandom random) {
    this.random = random;
  }

  /** A new password. */
  public Secret next() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return new Secret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }
}
