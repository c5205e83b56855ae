package dev.jitgate.proxy.provision;

/** How {@link Baseline} gives the read and write roles their data privileges in a database. */
public enum PrivilegeMode {
  /**
   * {@code pg_read_all_data} / {@code pg_write_all_data} granted to the read / write roles: every table, view
   * and sequence in every schema and database, present and future, whoever owns it. Used when the connector is
   * a superuser or holds ADMIN OPTION on both (directly or through a role such as RDS's {@code rds_superuser}).
   */
  PREDEFINED_ROLES,
  /**
   * Explicit grants per database on the objects whose owners the connector has the privileges of, plus default
   * privileges for those owners; see {@link Baseline} for what this cannot cover.
   */
  EXPLICIT_GRANTS
}
