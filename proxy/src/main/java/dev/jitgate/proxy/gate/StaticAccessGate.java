package dev.jitgate.proxy.gate;

import dev.jitgate.pg.SqlState;
import dev.jitgate.proxy.auth.CredentialLookup;
import dev.jitgate.proxy.config.UpstreamConfig;
import dev.jitgate.proxy.upstream.UpstreamResolver;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The gate for statically configured users and routes: users authenticate against their configured SCRAM
 * verifier and reach the upstream their database name routes to. For development and for fronting
 * databases without access grants.
 */
public final class StaticAccessGate implements AccessGate {
  private final CredentialLookup credentials;
  private final UpstreamResolver resolver;

  public StaticAccessGate(CredentialLookup credentials, UpstreamResolver resolver) {
    this.credentials = credentials;
    this.resolver = resolver;
  }

  @Override
  public LoginCheck begin(String user, String database) {
    return new LoginCheck(user, database, credentials.verifier(user), user);
  }

  @Override
  public CompletionStage<Admission> admit(LoginCheck check) {
    Optional<UpstreamConfig> target = resolver.resolve(check.user(), check.database());
    Admission admission = target.<Admission>map(t -> new Admission.Admitted(t, Optional.empty()))
        .orElseGet(() -> new Admission.Refused(SqlState.INVALID_CATALOG_NAME,
            "database \"" + check.database() + "\" is not available through jitgate",
            "Check the dbname in your connection string."));
    return CompletableFuture.completedFuture(admission);
  }
}
