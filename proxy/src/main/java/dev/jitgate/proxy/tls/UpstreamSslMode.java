package dev.jitgate.proxy.tls;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the proxy protects its connection to the upstream PostgreSQL server, with libpq's {@code sslmode} semantics.
 *
 * <ul>
 *   <li>{@link #DISABLE}: plaintext only.</li>
 *   <li>{@link #ALLOW}: plaintext first, TLS only if the server insists.</li>
 *   <li>{@link #PREFER}: TLS first, plaintext if the server does not support TLS.</li>
 *   <li>{@link #REQUIRE}: TLS, no certificate verification (unless a CA bundle is configured, see
 *       {@link UpstreamTlsContexts}).</li>
 *   <li>{@link #VERIFY_CA}: TLS, server chain verified against the CA bundle.</li>
 *   <li>{@link #VERIFY_FULL}: as {@code VERIFY_CA} plus host name verification.</li>
 * </ul>
 */
public enum UpstreamSslMode {
  DISABLE, ALLOW, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;

  /**
   * Parses a libpq spelling ({@code disable}, {@code allow}, {@code prefer}, {@code require}, {@code verify-ca},
   * {@code verify-full}); case-insensitive, {@code _} accepted in place of {@code -}.
   *
   * @throws IllegalArgumentException listing the valid values
   */
  public static UpstreamSslMode parse(String value) {
    if (value != null) {
      String normalized = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
      for (UpstreamSslMode mode : values()) {
        if (mode.libpqName().equals(normalized)) {
          return mode;
        }
      }
    }
    throw new IllegalArgumentException("Invalid upstream sslmode '" + value + "'; valid values: "
        + Arrays.stream(values()).map(UpstreamSslMode::libpqName).collect(Collectors.joining(", ")));
  }

  /** The libpq spelling, e.g. {@code verify-full}. */
  public String libpqName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** True if a plaintext connection is never acceptable: {@code require}, {@code verify-ca}, {@code verify-full}. */
  public boolean requiresTls() {
    return this == REQUIRE || this == VERIFY_CA || this == VERIFY_FULL;
  }

  /**
   * True if the first connection attempt sends an SSLRequest ({@code prefer} and stricter). {@code allow} starts in
   * plaintext and only falls back to TLS, see {@link #allowsTls()}.
   */
  public boolean triesTls() {
    return this != DISABLE && this != ALLOW;
  }

  /** True if TLS may be used at all (everything but {@code disable}). */
  public boolean allowsTls() {
    return this != DISABLE;
  }

  /** True if a plaintext connection is acceptable ({@code disable}, {@code allow}, {@code prefer}). */
  public boolean allowsPlaintext() {
    return !requiresTls();
  }

  /** True if the server's certificate chain must be trusted ({@code verify-ca}, {@code verify-full}). */
  public boolean verifiesChain() {
    return this == VERIFY_CA || this == VERIFY_FULL;
  }

  /** True if the server's certificate must match the host name connected to ({@code verify-full}). */
  public boolean verifiesHostname() {
    return this == VERIFY_FULL;
  }
}
