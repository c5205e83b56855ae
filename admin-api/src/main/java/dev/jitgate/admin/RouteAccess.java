package dev.jitgate.admin;

import io.javalin.security.RouteRole;

/**
 * Whether a route needs an authenticated caller. Every route is registered with one of these; a route
 * without one is treated as {@link #AUTHENTICATED}. What an authenticated caller may do is decided by
 * the service (its roles), not here.
 */
enum RouteAccess implements RouteRole {
  /** Open to anyone: health, readiness, metrics, the OpenAPI document. */
  PUBLIC,
  /** Needs a valid bearer token (API token or OIDC JWT). */
  AUTHENTICATED
}
