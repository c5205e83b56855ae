package dev.jitgate.app.runtime;

import dev.jitgate.access.ids.UuidV7Generator;
import dev.jitgate.access.probe.JdbcIntegrationProbe;
import dev.jitgate.access.secret.DefaultSecretResolver;
import dev.jitgate.access.service.AccessService;
import dev.jitgate.access.service.DefaultAccessService;
import dev.jitgate.access.store.AccessStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/** Builds the production access service over a store: system clock, UUIDv7 ids, env/file secrets, JDBC probe. */
public final class AccessServices {

  private AccessServices() {}

  /** The access service for {@code store}; {@code env:} secret references are read from {@code environment}. */
  public static AccessService create(AccessStore store, Map<String, String> environment) {
    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();
    return new DefaultAccessService(store, clock, new UuidV7Generator(clock, random),
        new DefaultSecretResolver(environment), new JdbcIntegrationProbe(), random);
  }
}
