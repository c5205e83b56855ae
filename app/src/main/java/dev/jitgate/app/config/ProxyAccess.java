package dev.jitgate.app.config;

import dev.jitgate.proxy.JitSettings;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code proxy.access}: how the proxy decides who may log in and where the session goes.
 * {@link Static} uses {@code proxy.users} and {@code proxy.routes}; {@link Grants} checks access grants in the
 * control-plane store and provisions a short-lived database role per grant.
 */
public sealed interface ProxyAccess {

  /** The configuration word: {@code static} or {@code grants}. */
  String configName();

  /** Users with SCRAM verifiers and routes from the file (the foundation milestone's mode). */
  record Static() implements ProxyAccess {
    @Override
    public String configName() {
      return Kind.STATIC.configName();
    }
  }

  /**
   * Grant-checked logins on short-lived roles, following the {@code store} section's control plane.
   *
   * @param settings the {@code proxy.jit} keys
   */
  record Grants(JitSettings settings) implements ProxyAccess {
    public Grants {
      Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String configName() {
      return Kind.GRANTS.configName();
    }
  }

  /** The values of {@code proxy.access}. */
  enum Kind {
    STATIC,
    GRANTS;

    String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
