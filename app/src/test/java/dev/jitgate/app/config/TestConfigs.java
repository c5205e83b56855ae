package dev.jitgate.app.config;

import dev.jitgate.pg.scram.ScramVerifier;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

/** Small valid configurations and loaders for the config tests. */
final class TestConfigs {

  /** The upstream password the minimal config references as {@code env:APPDB_PASSWORD}. */
  static final String UPSTREAM_PASSWORD = "Upstr3am-Pa55word-xyz";

  /** Alice's client password; only its verifier appears in configurations. */
  static final String CLIENT_PASSWORD = "alice-client-password";

  static final String VERIFIER = ScramVerifier.generate(CLIENT_PASSWORD, new SecureRandom()).format();

  static final Map<String, String> ENV = Map.of("APPDB_PASSWORD", UPSTREAM_PASSWORD);

  private TestConfigs() {}

  /** The smallest valid file: one user, one route, a development CA. */
  static String minimal() {
    return """
        proxy:
          listen:
            tls:
              dev-ca-directory: ./ca
          users:
            - name: alice
              scram-verifier: "%s"
          routes:
            - database: appdb
              upstream:
                host: db.internal
                user: app_user
                password: env:APPDB_PASSWORD
        """.formatted(VERIFIER);
  }

  static LoadedConfig load(String yaml, Path baseDirectory) throws ConfigException {
    return load(yaml, baseDirectory, ENV);
  }

  static LoadedConfig load(String yaml, Path baseDirectory, Map<String, String> env) throws ConfigException {
    return new ConfigLoader(env, () -> "test-host").parse(yaml, baseDirectory);
  }
}
