package dev.jitgate.proxy.tls;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The proxy's TLS policy towards connecting clients.
 *
 * <ul>
 *   <li>{@link #DISABLE}: answer SSLRequest with {@code 'N'}; plaintext only.</li>
 *   <li>{@link #ALLOW} and {@link #PREFER}: answer SSLRequest with {@code 'S'}; plaintext startup also accepted.
 *       (A server cannot tell the two apart; both spellings are accepted for symmetry with libpq.)</li>
 *   <li>{@link #REQUIRE}: answer SSLRequest with {@code 'S'}; reject a plaintext startup.</li>
 * </ul>
 */
public enum ClientTlsMode {
  DISABLE, ALLOW, PREFER, REQUIRE;

  /**
   * Parses {@code disable}, {@code allow}, {@code prefer} or {@code require} (case-insensitive).
   *
   * @throws IllegalArgumentException listing the valid values
   */
  public static ClientTlsMode parse(String value) {
    if (value != null) {
      String normalized = value.strip().toLowerCase(Locale.ROOT);
      for (ClientTlsMode mode : values()) {
        if (mode.configName().equals(normalized)) {
          return mode;
        }
      }
    }
    throw new IllegalArgumentException("Invalid client TLS mode '" + value + "'; valid values: "
        + Arrays.stream(values()).map(ClientTlsMode::configName).collect(Collectors.joining(", ")));
  }

  /** The configuration spelling, e.g. {@code require}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True if an SSLRequest is answered with {@code 'S'} and TLS is started; false means answer {@code 'N'}. */
  public boolean acceptsSslRequest() {
    return this != DISABLE;
  }

  /** True if a startup message received without TLS must be rejected. */
  public boolean requiresTls() {
    return this == REQUIRE;
  }

  /** True if a startup message received without TLS is accepted. */
  public boolean allowsPlaintext() {
    return this != REQUIRE;
  }
}
