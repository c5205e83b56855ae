package dev.jitgate.admin;

import io.javalin.router.JavalinDefaultRoutingApi;

/** The routes of one resource, registered on the app's routing configuration. */
interface RouteGroup {
  /** Adds this group's routes, each with its {@link RouteAccess}. */
  void register(JavalinDefaultRoutingApi routes);
}
