package dev.jitgate.admin;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * OIDC bearer-token verification: JWTs signed with RS256 or ES256 by a key from {@code jwksUri},
 * issued by {@code issuer} for {@code audience}.
 *
 * @param issuer the exact {@code iss} claim expected
 * @param jwksUri where the issuer publishes its signing keys
 * @param audience a value the {@code aud} claim must contain
 * @param principalClaim the claim naming the user; {@code email} when null or blank
 * @param groupsClaim the claim holding the user's groups (an array of strings); {@code groups} when
 *     null or blank
 * @param groupMapping claim value to jitgate group name; values without a mapping are dropped
 */
public record OidcSettings(
    String issuer, URI jwksUri, String audience, String principalClaim, String groupsClaim,
    Map<String, String> groupMapping) {

  /** The principal claim used when none is given. */
  public static final String DEFAULT_PRINCIPAL_CLAIM = "email";
  /** The groups claim used when none is given. */
  public static final String DEFAULT_GROUPS_CLAIM = "groups";

  public OidcSettings {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(jwksUri, "jwksUri");
    Objects.requireNonNull(audience, "audience");
    if (issuer.isBlank() || audience.isBlank()) {
      throw new IllegalArgumentException("issuer and audience must not be blank");
    }
    String scheme = jwksUri.getScheme();
    if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("jwksUri must be an http(s) URL");
    }
    principalClaim = principalClaim == null || principalClaim.isBlank() ? DEFAULT_PRINCIPAL_CLAIM : principalClaim;
    groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? DEFAULT_GROUPS_CLAIM : groupsClaim;
    groupMapping = groupMapping == null ? Map.of() : Map.copyOf(groupMapping);
  }
}
