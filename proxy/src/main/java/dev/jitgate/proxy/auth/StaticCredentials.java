package dev.jitgate.proxy.auth;

import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.config.UserConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@link CredentialLookup} over the users of the configuration file. */
public final class StaticCredentials implements CredentialLookup {

  private final Map<String, ScramVerifier> verifiers;

  public StaticCredentials(List<UserConfig> users) {
    this.verifiers =
        users.stream().collect(Collectors.toUnmodifiableMap(UserConfig::name, UserConfig::verifier, (a, b) -> a));
  }

  @Override
  public Optional<ScramVerifier> verifier(String user) {
    return Optional.ofNullable(verifiers.get(user));
  }
}
