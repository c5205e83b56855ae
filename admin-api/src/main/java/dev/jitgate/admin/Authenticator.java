package dev.jitgate.admin;

import dev.jitgate.access.service.AccessService;
import dev.jitgate.access.service.Actor;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the caller of every non-public route from {@code Authorization: Bearer <token>}:
 * API tokens ({@code jgt_…}) through the service, anything else as an OIDC JWT when OIDC is
 * configured. The actor is stored on the request for the handlers; failures are 401 problems with a
 * {@code WWW-Authenticate: Bearer} challenge that never says why a token was refused.
 */
final class Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  private static final String ACTOR_ATTRIBUTE = "jitgate.actor";
  private static final String API_TOKEN_PREFIX = "jgt_";
  private static final int MAX_TOKEN_CHARS = 16 * 1024;

  private final AccessService service;
  private final Optional<OidcVerifier> oidc;

  Authenticator(AccessService service, Optional<OidcVerifier> oidc) {
    this.service = service;
    this.oidc = oidc;
  }

  /**
   * A {@code beforeMatched} handler: authenticates unless the matched route is public.
   *
   * @param routeAccess the access level of the route serving this request
   */
  void authenticate(Context ctx, RouteAccess routeAccess) {
    if (routeAccess == RouteAccess.PUBLIC) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw unauthenticated("a bearer token is required", false);
    }
    String token = bearerToken(header);
    if (token == null) {
      throw unauthenticated("a bearer token is required", true);
    }
    Actor actor = resolve(token).orElseThrow(() -> unauthenticated("invalid or expired token", true));
    ctx.attribute(ACTOR_ATTRIBUTE, actor);
  }

  /** The authenticated actor of this request; only on authenticated routes. */
  static Actor actor(Context ctx) {
    Actor actor = ctx.attribute(ACTOR_ATTRIBUTE);
    if (actor == null) {
      throw new IllegalStateException("no authenticated actor on " + ctx.method() + " " + ProblemMapper.routeOf(ctx));
    }
    return actor;
  }

  /** The {@code WWW-Authenticate} header value. */
  static String challenge(boolean tokenGiven) {
    return tokenGiven ? "Bearer realm=\"jitgate\", error=\"invalid_token\"" : "Bearer realm=\"jitgate\"";
  }

  private Optional<Actor> resolve(String token) {
    if (token.length() > MAX_TOKEN_CHARS) {
      return Optional.empty();
    }
    if (token.startsWith(API_TOKEN_PREFIX)) {
      return service.authenticateToken(token);
    }
    if (oidc.isEmpty()) {
      return Optional.empty();
    }
    return oidc.get().verify(token).flatMap(identity -> {
      try {
        return Optional.of(service.actorFor(identity.principal(), identity.groups()));
      } catch (IllegalArgumentException e) {
        // e.g. a principal claim that is not a valid principal name
        LOG.debug("OIDC identity refused by the service: {}", e.getMessage());
        return Optional.empty();
      }
    });
  }

  private static String bearerToken(String header) {
    String h = header.trim();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = h.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static ApiProblemException unauthenticated(String detail, boolean tokenGiven) {
    return new ApiProblemException(
        Problem.of(401, "unauthenticated", "Unauthenticated", detail, null),
        Map.of("WWW-Authenticate", challenge(tokenGiven)));
  }
}
