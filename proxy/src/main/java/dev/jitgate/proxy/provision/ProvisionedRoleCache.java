package dev.jitgate.proxy.provision;

import dev.jitgate.proxy.config.Secret;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;

/**
 * The proxy's per-grant memory of upstream roles: one password per grant, generated on first use and kept only
 * in memory, and one provisioning per grant spec however many connections arrive at once (the first caller
 * provisions, concurrent callers wait for its result). So ten connections a GUI client opens together all log
 * in with the same password, and a second provisioning (a changed spec, or {@link #refresh} after a login was
 * refused) sets a verifier of that same password, which never invalidates a connection in flight.
 *
 * <p>A failed provisioning is not cached: the next call tries again. Several proxies serving one integration
 * each hold their own password; the last to provision wins, and a proxy whose login is then refused calls
 * {@link #refresh}.
 */
public final class ProvisionedRoleCache {

  private record Entry(GrantRoleSpec spec, Secret password, CompletableFuture<ProvisionedRole> result) {}

  private final RoleProvisioner provisioner;
  private final RolePasswords passwords;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public ProvisionedRoleCache(RoleProvisioner provisioner, RolePasswords passwords) {
    this.provisioner = provisioner;
    this.passwords = passwords;
  }

  /** The grant's role, provisioned for {@code spec} if this proxy has not done so yet. */
  public ProvisionedRole get(GrantRoleSpec spec) throws SQLException {
    return await(entryFor(spec, false), spec.grantId());
  }

  /** Provisions the grant's role again with the same password, e.g. after the upstream refused the login. */
  public ProvisionedRole refresh(GrantRoleSpec spec) throws SQLException {
    return await(entryFor(spec, true), spec.grantId());
  }

  /** Forgets the grant (after revocation); a later {@link #get} uses a new password. */
  public void forget(String grantId) {
    entries.remove(grantId);
  }

  private Entry entryFor(GrantRoleSpec spec, boolean force) {
    Entry[] created = new Entry[1];
    Entry entry = entries.compute(spec.grantId(), (id, current) -> {
      boolean reuse = current != null && !force && current.spec().equals(spec)
          && !current.result().isCompletedExceptionally();
      if (reuse) {
        return current;
      }
      Secret password = current == null ? passwords.next() : current.password();
      created[0] = new Entry(spec, password, new CompletableFuture<>());
      return created[0];
    });
    if (created[0] != null) {
      try {
        entry.result().complete(provisioner.provision(spec, entry.password()));
      } catch (SQLException | RuntimeException e) {
        entry.result().completeExceptionally(e);
      }
    }
    return entry;
  }

  private ProvisionedRole await(Entry entry, String grantId) throws SQLException {
    try {
      return entry.result().join();
    } catch (CompletionException e) {
      entries.remove(grantId, entry);
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return "ProvisionedRoleCache[" + entries.size() + " grants]";
  }
}
