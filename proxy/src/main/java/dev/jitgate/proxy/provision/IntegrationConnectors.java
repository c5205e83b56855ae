package dev.jitgate.proxy.provision;

import dev.jitgate.access.model.Integration;
import dev.jitgate.access.secret.SecretResolver;
import dev.jitgate.access.store.AccessStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link IntegrationConnector} of each integration, built from the control plane's current definition and
 * rebuilt when the definition changes (a new revision). Reads the store, so call it off the event loops.
 */
public final class IntegrationConnectors {
  private final AccessStore store;
  private final SecretResolver secrets;
  private final ManagedRoleNames names;
  private final int connectionLimit;
  private final SecureRandom random;
  private final Clock clock;
  private final ConcurrentHashMap<String, IntegrationConnector> byName = new ConcurrentHashMap<>();

  /**
   * @param connectionLimit the {@code CONNECTION LIMIT} of every grant role
   */
  public IntegrationConnectors(AccessStore store, SecretResolver secrets, ManagedRoleNames names,
      int connectionLimit, SecureRandom random, Clock clock) {
    this.store = store;
    this.secrets = secrets;
    this.names = names;
    this.connectionLimit = connectionLimit;
    this.random = random;
    this.clock = clock;
  }

  /** The connector of integration {@code name}, or empty when it no longer exists. */
  public Optional<IntegrationConnector> forIntegration(String name) {
    Optional<Integration> current = store.integration(name);
    if (current.isEmpty()) {
      byName.remove(name);
      return Optional.empty();
    }
    Integration integration = current.get();
    return Optional.of(byName.compute(name, (n, existing) ->
        existing != null && existing.integration().revision() == integration.revision()
            ? existing
            : IntegrationConnector.create(integration, secrets, names, connectionLimit, random, clock)));
  }
}
