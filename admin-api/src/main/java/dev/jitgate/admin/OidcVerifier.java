package dev.jitgate.admin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies OIDC JWTs (RS256, ES256) against the issuer's JWKS, fetched with short timeouts and cached;
 * checks issuer, audience, expiry and not-before with a small clock skew, and reads the user and its
 * mapped groups from the configured claims.
 */
final class OidcVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(OidcVerifier.class);
  private static final int CONNECT_TIMEOUT_MS = 2_000;
  private static final int READ_TIMEOUT_MS = 2_000;
  private static final int JWKS_SIZE_LIMIT = 256 * 1024;
  private static final long CACHE_TTL_MS = 5 * 60_000L;
  private static final long CACHE_REFRESH_TIMEOUT_MS = 5_000L;
  private static final int CLOCK_SKEW_SECONDS = 60;

  private final OidcSettings settings;
  private final DefaultJWTProcessor<SecurityContext> processor;

  OidcVerifier(OidcSettings settings) {
    this.settings = settings;
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.<SecurityContext>create(settings.jwksUri().toURL(),
              new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, JWKS_SIZE_LIMIT))
          .cache(CACHE_TTL_MS, CACHE_REFRESH_TIMEOUT_MS)
          .retrying(true)
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("oidc.jwksUri is not a URL", e);
    }
    processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        Set.of(settings.audience()),
        new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
        Set.of(JWTClaimNames.EXPIRATION_TIME, settings.principalClaim()),
        Set.of());
    claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** The identity in {@code jwt}, or empty when it is not a valid token from the configured issuer. */
  Optional<OidcIdentity> verify(String jwt) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      LOG.debug("OIDC token refused: {}", e.getMessage());
      return Optional.empty();
    }
    Object principal = claims.getClaim(settings.principalClaim());
    if (!(principal instanceof String name) || name.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new OidcIdentity(name, mappedGroups(claims.getClaim(settings.groupsClaim()))));
  }

  private Set<String> mappedGroups(Object claim) {
    Set<String> groups = new LinkedHashSet<>();
    if (claim instanceof List<?> values) {
      for (Object v : values) {
        if (v instanceof String s && settings.groupMapping().containsKey(s)) {
          groups.add(settings.groupMapping().get(s));
        }
      }
    } else if (claim instanceof String s && settings.groupMapping().containsKey(s)) {
      groups.add(settings.groupMapping().get(s));
    }
    return groups;
  }

  /**
   * Who a verified token speaks for.
   *
   * @param principal the principal claim's value
   * @param groups the mapped jitgate groups
   */
  record OidcIdentity(String principal, Set<String> groups) {
    OidcIdentity {
      groups = Set.copyOf(groups);
    }
  }
}
