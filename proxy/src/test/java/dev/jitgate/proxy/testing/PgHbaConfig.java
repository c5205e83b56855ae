package dev.jitgate.proxy.testing;

/**
 * The {@code pg_hba.conf} used by {@link TestPostgres}: trust for the bootstrap superuser only, {@code md5} and
 * {@code password} for their dedicated roles, SCRAM for everybody else.
 */
final class PgHbaConfig {

  private PgHbaConfig() {
  }

  /** The file content; first matching line wins. */
  static String text() {
    return """
        # TYPE   DATABASE  USER        ADDRESS        METHOD
        local    all       postgres                   trust
        host     all       postgres    127.0.0.1/32   trust
        host     all       postgres    ::1/128        trust
        host     all       md5_user    127.0.0.1/32   md5
        host     all       md5_user    ::1/128        md5
        host     all       plain_user  127.0.0.1/32   password
        host     all       plain_user  ::1/128        password
        hostssl  all       all         127.0.0.1/32   scram-sha-256
        host     all       all         127.0.0.1/32   scram-sha-256
        hostssl  all       all         ::1/128        scram-sha-256
        host     all       all         ::1/128        scram-sha-256
        """;
  }
}
