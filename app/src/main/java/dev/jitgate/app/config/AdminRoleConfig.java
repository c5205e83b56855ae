package dev.jitgate.app.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code admin} section: the admin API's listener, limits, authentication and what it advertises.
 *
 * @param host address to bind
 * @param port TCP port, 0 for any free port
 * @param maxBodyBytes largest request body accepted
 * @param bootstrapAdmin the user created with the admin role at first start
 * @param oidc OpenID Connect bearer tokens, when configured
 * @param proxyEndpoint the proxy address put into issued credentials, when configured
 * @param audit audit search and the delivery of admin actions ({@code admin.audit})
 */
public record AdminRoleConfig(
    String host, int port, long maxBodyBytes, String bootstrapAdmin, Optional<OidcConfig> oidc,
    Optional<ProxyEndpointConfig> proxyEndpoint, AdminAuditConfig audit) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final String DEFAULT_BOOTSTRAP_ADMIN = "admin";

  public AdminRoleConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("admin.listen.port must be between 0 and 65535");
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("admin.max-body-bytes must be positive");
    }
    Objects.requireNonNull(bootstrapAdmin, "bootstrapAdmin");
    Objects.requireNonNull(oidc, "oidc");
    Objects.requireNonNull(proxyEndpoint, "proxyEndpoint");
    Objects.requireNonNull(audit, "audit");
  }

  /** An admin role without audit settings. */
  public AdminRoleConfig(String host, int port, long maxBodyBytes, String bootstrapAdmin, Optional<OidcConfig> oidc,
      Optional<ProxyEndpointConfig> proxyEndpoint) {
    this(host, port, maxBodyBytes, bootstrapAdmin, oidc, proxyEndpoint, AdminAuditConfig.NONE);
  }

  /** This configuration with {@code audit} instead. */
  public AdminRoleConfig withAudit(AdminAuditConfig audit) {
    return new AdminRoleConfig(host, port, maxBodyBytes, bootstrapAdmin, oidc, proxyEndpoint, audit);
  }
}
