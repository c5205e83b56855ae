package dev.jitgate.proxy.provision;

import java.util.List;

/**
 * What {@link Baseline#ensure} found and did in one database.
 *
 * @param database           the database it ran in
 * @param mode               how data privileges are given
 * @param actedFor           owners whose objects (and future objects, through default privileges) are covered;
 *                           empty in {@link PrivilegeMode#PREDEFINED_ROLES} mode, where everything is
 * @param uncoveredOwners    owners of schemas or relations the connector cannot grant on, so the read and write
 *                           roles do not reach their objects; always empty with predefined roles
 * @param databaseGrantable  whether the admin role received CREATE and TEMPORARY on this database
 */
public record BaselineReport(String database, PrivilegeMode mode, List<String> actedFor, List<String> uncoveredOwners,
    boolean databaseGrantable) {

  public BaselineReport {
    actedFor = List.copyOf(actedFor);
    uncoveredOwners = List.copyOf(uncoveredOwners);
  }
}
