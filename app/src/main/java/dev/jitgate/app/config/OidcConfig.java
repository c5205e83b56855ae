package dev.jitgate.app.config;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code admin.oidc}: JWTs from an OpenID Connect provider, verified against its JWKS.
 *
 * @param issuer the expected {@code iss}
 * @param jwksUri where the signing keys are published
 * @param audience the expected {@code aud}
 * @param principalClaim the claim naming the user
 * @param groupsClaim the claim listing the user's groups
 * @param groupMapping claim group value → jitgate group name; unmapped values are dropped
 */
public record OidcConfig(
    String issuer, URI jwksUri, String audience, String principalClaim, String groupsClaim,
    Map<String, String> groupMapping) {

  public static final String DEFAULT_PRINCIPAL_CLAIM = "email";
  public static final String DEFAULT_GROUPS_CLAIM = "groups";

  public OidcConfig {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(jwksUri, "jwksUri");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(principalClaim, "principalClaim");
    Objects.requireNonNull(groupsClaim, "groupsClaim");
    groupMapping = Collections.unmodifiableMap(new LinkedHashMap<>(groupMapping));
  }
}
