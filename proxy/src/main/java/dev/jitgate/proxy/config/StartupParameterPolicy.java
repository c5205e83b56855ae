package dev.jitgate.proxy.config;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which client startup parameters are forwarded upstream. {@code user}, {@code database} and
 * {@code replication} never cross (the proxy sets the first two itself and does not relay replication);
 * of the rest only the allowlisted names cross, compared case-insensitively. The default allowlist holds
 * the settings drivers send to shape a session; {@code options} is left out because it can set any
 * server setting.
 */
public record StartupParameterPolicy(Set<String> allowed) {

  /** Never forwarded, whatever the allowlist says. */
  public static final Set<String> NEVER_FORWARDED = Set.of("user", "database", "replication");

  /** What drivers commonly send (psql, pgjdbc, libpq, npgsql, GUI tools). */
  public static final StartupParameterPolicy DEFAULT =
      new StartupParameterPolicy(
          Set.of(
              "application_name",
              "client_encoding",
              "datestyle",
              "timezone",
              "intervalstyle",
              "extra_float_digits",
              "search_path",
              "lc_monetary",
              "lc_numeric",
              "lc_time",
              "bytea_output",
              "statement_timeout",
              "lock_timeout",
              "idle_in_transaction_session_timeout",
              "standard_conforming_strings",
              "geqo"));

  public StartupParameterPolicy {
    allowed = allowed.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  /** True when {@code name} may be forwarded. {@code _pq_.} protocol options are never forwarded. */
  public boolean forwards(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return !NEVER_FORWARDED.contains(lower) && !lower.startsWith("_pq_.") && allowed.contains(lower);
  }
}
