package dev.jitgate.access.store.postgres;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the PostgreSQL access store. {@link #toString()} leaves the password out.
 *
 * @param jdbcUrl a pgjdbc URL, {@code jdbc:postgresql://host:port/database}; put no password in it
 * @param user the database user
 * @param password the user's password; may be empty (e.g. trust or a pgpass-less test server)
 * @param schema the schema holding the store's tables, {@code [a-z_][a-z0-9_]{0,62}}; created by the
 *     migration if missing (the user then needs CREATE on the database)
 * @param poolSize the most pooled connections, 1..100; one more is kept for LISTEN
 */
public record PostgresStoreSettings(String jdbcUrl, String user, String password, String schema, int poolSize) {

  /** Schema used by {@link #of}. */
  public static final String DEFAULT_SCHEMA = "jitgate";
  /** Pool size used by {@link #of}. */
  public static final int DEFAULT_POOL_SIZE = 10;

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public PostgresStoreSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql:");
    }
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException("user is required");
    }
    password = password == null ? "" : password;
    if (schema == null || !SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("schema must match [a-z_][a-z0-9_]{0,62}");
    }
    if (poolSize < 1 || poolSize > 100) {
      throw new IllegalArgumentException("poolSize must be between 1 and 100");
    }
  }

  /** Settings with the default schema and pool size. */
  public static PostgresStoreSettings of(String jdbcUrl, String user, String password) {
    return new PostgresStoreSettings(jdbcUrl, user, password, DEFAULT_SCHEMA, DEFAULT_POOL_SIZE);
  }

  /** A copy using {@code otherSchema}. */
  public PostgresStoreSettings withSchema(String otherSchema) {
    return new PostgresStoreSettings(jdbcUrl, user, password, otherSchema, poolSize);
  }

  @Override
  public String toString() {
    return "PostgresStoreSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***, schema="
        + schema + ", poolSize=" + poolSize + "]";
  }
}
