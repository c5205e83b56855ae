package dev.jitgate.admin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.access.json.AccessJson;
import dev.jitgate.access.service.AccessService;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.auditor.store.AuditStore;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.router.ParsedEndpoint;
import io.javalin.http.HandlerType;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API: JSON under {@code /v1} on Javalin (Jetty 12), authenticated with bearer API tokens or
 * OIDC JWTs, authorized by the {@link AccessService}, with {@code /healthz}, {@code /readyz},
 * {@code /metrics}, the OpenAPI document at {@code /v1/openapi.yaml} and, when given an {@link AuditStore},
 * the read-only audit search under {@code /v1/audit}. {@link #close()} stops
 * accepting connections and lets in-flight requests finish (up to {@link #STOP_TIMEOUT_MS}).
 */
public final class AdminApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApiServer.class);
  /** How long {@link #close()} waits for in-flight requests. */
  public static final long STOP_TIMEOUT_MS = 5_000;

  private final Javalin app;
  private final String host;

  private AdminApiServer(Javalin app, String host) {
    this.app = app;
    this.host = host;
  }

  /**
   * Builds the API without an audit store and starts listening on {@code settings.host():settings.port()};
   * the {@code /v1/audit} routes then answer 503 "audit store not configured".
   */
  public static AdminApiServer start(
      AdminApiSettings settings, AccessService service, AccessStore store, PrometheusMeterRegistry registry) {
    return start(settings, service, store, registry, Optional.empty(), AuditRoutes.EXPORT_PAGE_SIZE);
  }

  /**
   * Builds the API with the audit trail in {@code auditStore} searchable under {@code /v1/audit} and starts
   * listening on {@code settings.host():settings.port()}. The caller keeps ownership of both stores and
   * closes them after this server.
   */
  public static AdminApiServer start(AdminApiSettings settings, AccessService service, AccessStore store,
      PrometheusMeterRegistry registry, AuditStore auditStore) {
    Objects.requireNonNull(auditStore, "auditStore");
    return start(settings, service, store, registry, Optional.of(auditStore), AuditRoutes.EXPORT_PAGE_SIZE);
  }

  /** The full form: an optional audit store, and the export page size (small in tests). */
  static AdminApiServer start(AdminApiSettings settings, AccessService service, AccessStore store,
      PrometheusMeterRegistry registry, Optional<AuditStore> auditStore, int exportPageSize) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(auditStore, "auditStore");
    HttpJson json = new HttpJson(requestMapper(), AccessJson.lenient(), settings.maxBodyBytes());
    ProblemMapper problems = new ProblemMapper(json);
    Authenticator authenticator = new Authenticator(service, settings.oidc().map(OidcVerifier::new));
    RequestMetrics metrics = new RequestMetrics(registry);
    AuditExport export = new AuditExport(new AuditCsv(AccessJson.lenient()), exportPageSize);
    List<RouteGroup> groups = List.of(
        new HealthRoutes(store, registry, json),
        new OpenApiRoutes(),
        new MeRoutes(service, json),
        new IntegrationRoutes(service, json),
        new ResourceRoutes(service, json),
        new PrincipalRoutes(service, json),
        new FlowRoutes(service, json),
        new RequestRoutes(service, json),
        new GrantRoutes(service, json, settings.proxyEndpoint()),
        new TokenRoutes(service, json),
        new AuditRoutes(auditStore, json, export));
    Javalin app = Javalin.create(config -> configure(config, settings, problems, authenticator, metrics, groups));
    try {
      app.start(settings.host(), settings.port());
    } catch (RuntimeException e) {
      app.stop();
      throw e;
    }
    AdminApiServer server = new AdminApiServer(app, settings.host());
    LOG.info("admin API listening on {}", server.baseUri());
    return server;
  }

  /**
   * {@link AccessJson#strict()} with one relaxation: an omitted primitive component (e.g. a record's
   * {@code revision} or {@code auditEnabled}) takes its default instead of failing, as the API contract
   * lets clients leave {@code revision} out. Unknown fields and wrong types still fail.
   */
  static ObjectMapper requestMapper() {
    ObjectMapper mapper = AccessJson.strict();
    mapper.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    return mapper;
  }

  private static void configure(JavalinConfig config, AdminApiSettings settings, ProblemMapper problems,
      Authenticator authenticator, RequestMetrics metrics, List<RouteGroup> groups) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.http.prefer405over404 = true;
    config.http.maxRequestSize = settings.maxBodyBytes();
    config.jetty.modifyServer(server -> {
      server.setStopTimeout(STOP_TIMEOUT_MS);
      server.setHandler(new GracefulHandler());
      server.setErrorHandler(new JettyErrorHandler(AccessJson.lenient()));
    });
    config.requestLogger.http(metrics::record);
    JavalinState state = config.unsafe;
    config.routes.beforeMatched(ctx -> authenticator.authenticate(ctx, accessOf(state, ctx)));
    problems.register(config.routes);
    for (RouteGroup group : groups) {
      group.register(config.routes);
    }
  }

  /** The bound port (the ephemeral one when the settings asked for port 0). */
  public int port() {
    return app.port();
  }

  /** {@code http://host:port} of this server. */
  public URI baseUri() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + port());
  }

  /** Every registered HTTP route with its access level, as Javalin's router holds them. */
  List<RegisteredRoute> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(p -> p.endpoint)
        .filter(e -> e.method.isHttpMethod())
        .map(e -> new RegisteredRoute(e.method, e.path, accessOf(e.metadata(Roles.class))))
        .toList();
  }

  /**
   * The access level of the route serving {@code ctx}; a HEAD request without its own route is served
   * by the GET route, so it is judged by that route's level.
   */
  private static RouteAccess accessOf(JavalinState state, Context ctx) {
    Set<RouteRole> roles = ctx.routeRoles();
    if (roles.isEmpty() && ctx.method() == HandlerType.HEAD) {
      ParsedEndpoint get = state.internalRouter.findFirstHttpHandlerEntry(HandlerType.GET, ctx.path());
      return get == null ? RouteAccess.AUTHENTICATED : accessOf(get.endpoint.metadata(Roles.class));
    }
    return roles.contains(RouteAccess.PUBLIC) ? RouteAccess.PUBLIC : RouteAccess.AUTHENTICATED;
  }

  private static RouteAccess accessOf(Roles roles) {
    Set<RouteRole> set = roles == null ? Set.of() : roles.getRoles();
    return set.contains(RouteAccess.PUBLIC) ? RouteAccess.PUBLIC : RouteAccess.AUTHENTICATED;
  }

  /** Stops accepting requests, lets in-flight ones finish, and releases the port. */
  @Override
  public void close() {
    app.stop();
  }

  /**
   * One route as registered.
   *
   * @param method the HTTP method
   * @param path the path template, e.g. {@code /v1/grants/{id}}
   * @param access whether it needs authentication
   */
  record RegisteredRoute(HandlerType method, String path, RouteAccess access) {}
}
