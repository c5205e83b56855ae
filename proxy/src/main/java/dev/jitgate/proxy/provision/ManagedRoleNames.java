package dev.jitgate.proxy.provision;

import dev.jitgate.access.model.Permission;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The names of the NOLOGIN roles jitgate keeps in a server: the marker every role it creates belongs to, the
 * three permission levels and the owner that receives what a torn-down role owned. {@link #DEFAULT} uses the
 * {@code jitgate_} prefix; {@link #withPrefix} gives an isolated set (two connectors sharing one server, tests).
 *
 * @param marker  membership in it is what makes a role jitgate's to manage ({@code jitgate_managed})
 * @param read    the read level ({@code jitgate_read})
 * @param write   the write level, a member of {@code read} ({@code jitgate_write})
 * @param admin   the admin level, a member of {@code write} ({@code jitgate_admin})
 * @param owner   receives {@code REASSIGN OWNED} at teardown ({@code jitgate_owner})
 */
public record ManagedRoleNames(String marker, String read, String write, String admin, String owner) {

  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  /** {@code jitgate_managed}, {@code jitgate_read}, {@code jitgate_write}, {@code jitgate_admin}, {@code jitgate_owner}. */
  public static final ManagedRoleNames DEFAULT = withPrefix("jitgate");

  public ManagedRoleNames {
    Sql.checkIdentifier("marker", marker);
    Sql.checkIdentifier("read", read);
    Sql.checkIdentifier("write", write);
    Sql.checkIdentifier("admin", admin);
    Sql.checkIdentifier("owner", owner);
    if (List.of(marker, read, write, admin, owner).stream().distinct().count() != 5) {
      throw new IllegalArgumentException("managed role names must be distinct");
    }
    for (String name : List.of(marker, read, write, admin, owner)) {
      if (RoleName.isGenerated(name)) {
        throw new IllegalArgumentException("managed role name " + name + " must not look like a grant role (jit_…)");
      }
    }
  }

  /** {@code <prefix>_managed}, {@code <prefix>_read}, … ; the prefix matches {@code [a-z][a-z0-9_]{0,39}}. */
  public static ManagedRoleNames withPrefix(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("prefix must match [a-z][a-z0-9_]{0,39}");
    }
    return new ManagedRoleNames(prefix + "_managed", prefix + "_read", prefix + "_write", prefix + "_admin",
        prefix + "_owner");
  }

  /** All five, in creation order (each permission level after the one it includes). */
  public List<String> all() {
    return List.of(marker, owner, read, write, admin);
  }

  /** The database role a grant with {@code permission} is made a member of. */
  public String roleFor(Permission permission) {
    if (permission.equals(Permission.READ)) {
      return read;
    }
    if (permission.equals(Permission.WRITE)) {
      return write;
    }
    if (permission.equals(Permission.ADMIN)) {
      return admin;
    }
    return permission.name(); // an integration's named database role, granted as-is
  }
}
