package dev.jitgate.proxy.grants;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantCredential;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.Principal;
import dev.jitgate.pg.scram.ScramVerifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An immutable view of the grants that matter to the proxy — the active ones and those that ended within
 * the credential retention period — with their credentials (and parsed SCRAM verifiers) and the stored
 * principals, as of change-feed version {@link #version()}. Lookups never block; a new snapshot is built
 * (copy on write) for every applied batch of changes. {@link #toString()} shows counts only.
 */
public final class GrantSnapshot {
  /** Newest first: by start, then by id. */
  static final Comparator<Grant> NEWEST_FIRST =
      Comparator.comparing(Grant::startsAt).thenComparing(Grant::id).reversed();

  private static final GrantSnapshot EMPTY = new Builder(Map.of(), Map.of(), Map.of(), Map.of(), 0).build();

  private final long version;
  private final Map<String, Grant> grants;
  private final Map<String, GrantCredential> credentials;
  private final Map<String, ScramVerifier> verifiers;
  private final Map<String, Principal> principals;
  private final Map<String, List<Grant>> grantsByPrincipal;

  private GrantSnapshot(long version, Map<String, Grant> grants, Map<String, GrantCredential> credentials,
      Map<String, ScramVerifier> verifiers, Map<String, Principal> principals) {
    this.version = version;
    this.grants = Map.copyOf(grants);
    this.credentials = Map.copyOf(credentials);
    this.verifiers = Map.copyOf(verifiers);
    this.principals = Map.copyOf(principals);
    Map<String, List<Grant>> byPrincipal = new HashMap<>();
    for (Grant g : grants.values()) {
      byPrincipal.computeIfAbsent(g.principal(), p -> new ArrayList<>()).add(g);
    }
    byPrincipal.replaceAll((p, list) -> list.stream().sorted(NEWEST_FIRST).toList());
    this.grantsByPrincipal = Map.copyOf(byPrincipal);
  }

  /** The snapshot before anything was loaded: version 0, nothing known. */
  public static GrantSnapshot empty() {
    return EMPTY;
  }

  /** The change-feed version this snapshot reflects. */
  public long version() {
    return version;
  }

  /** The grant {@code id}, if known (active, or ended within the retention period). */
  public Optional<Grant> grant(String id) {
    return Optional.ofNullable(grants.get(id));
  }

  /** The known grants of {@code principal}, newest first, in any state. */
  public List<Grant> grantsOf(String principal) {
    return grantsByPrincipal.getOrDefault(principal, List.of());
  }

  /**
   * The grants of {@code principal} in state active, newest first. A grant whose end has passed stays
   * active here until the control plane's sweep ends it; use {@link Grant#isActiveAt} to decide.
   */
  public List<Grant> activeGrants(String principal) {
    return grantsOf(principal).stream().filter(g -> g.state() == GrantState.ACTIVE).toList();
  }

  /** The credential of grant {@code grantId}, if issued and known. */
  public Optional<GrantCredential> credential(String grantId) {
    return Optional.ofNullable(credentials.get(grantId));
  }

  /** The parsed SCRAM verifier of grant {@code grantId}'s credential. */
  public Optional<ScramVerifier> verifier(String grantId) {
    return Optional.ofNullable(verifiers.get(grantId));
  }

  /**
   * The credential for {@code principal} on {@code integration/database}: that of the active grant there
   * if it has one, else the most recently issued among the principal's ended grants there.
   */
  public Optional<GrantCredential> credentialFor(String principal, String integration, String database) {
    return grantsOf(principal).stream()
        .filter(g -> g.integration().equals(integration) && g.database().equals(database))
        .filter(g -> credentials.containsKey(g.id()))
        .sorted(Comparator.comparing((Grant g) -> g.state() != GrantState.ACTIVE)
            .thenComparing(g -> credentials.get(g.id()).issuedAt(), Comparator.reverseOrder()))
        .map(g -> credentials.get(g.id()))
        .findFirst();
  }

  /** The most recently issued credential of {@code principal}, whatever its grant's state. */
  public Optional<GrantCredential> latestCredentialOf(String principal) {
    return grantsOf(principal).stream()
        .map(g -> credentials.get(g.id()))
        .filter(c -> c != null)
        .max(Comparator.comparing(GrantCredential::issuedAt).thenComparing(GrantCredential::grantId));
  }

  /** The stored principal {@code name}, if any (OIDC users may hold grants without being stored). */
  public Optional<Principal> principal(String name) {
    return Optional.ofNullable(principals.get(name));
  }

  /** Every known grant, in no particular order. */
  public Collection<Grant> grants() {
    return grants.values();
  }

  /** How many grants are known. */
  public int grantCount() {
    return grants.size();
  }

  /** How many credentials are known. */
  public int credentialCount() {
    return credentials.size();
  }

  /** A copy at another version with the same contents. */
  GrantSnapshot withVersion(long newVersion) {
    return newVersion == version ? this
        : new GrantSnapshot(newVersion, grants, credentials, verifiers, principals);
  }

  /** A builder starting from this snapshot's contents. */
  Builder toBuilder() {
    return new Builder(grants, credentials, verifiers, principals, version);
  }

  /** A builder starting empty at {@code version}. */
  static Builder builder(long version) {
    return new Builder(Map.of(), Map.of(), Map.of(), Map.of(), version);
  }

  @Override
  public String toString() {
    return "GrantSnapshot[version=" + version + ", grants=" + grants.size() + ", credentials="
        + credentials.size() + ", principals=" + principals.size() + "]";
  }

  /** Collects the contents of the next snapshot. Not thread-safe; used by the follower thread only. */
  static final class Builder {
    private final Map<String, Grant> grants;
    private final Map<String, GrantCredential> credentials;
    private final Map<String, ScramVerifier> verifiers;
    private final Map<String, Principal> principals;
    private long version;

    private Builder(Map<String, Grant> grants, Map<String, GrantCredential> credentials,
        Map<String, ScramVerifier> verifiers, Map<String, Principal> principals, long version) {
      this.grants = new HashMap<>(grants);
      this.credentials = new HashMap<>(credentials);
      this.verifiers = new HashMap<>(verifiers);
      this.principals = new HashMap<>(principals);
      this.version = version;
    }

    Builder version(long newVersion) {
      this.version = newVersion;
      return this;
    }

    boolean hasGrant(String id) {
      return grants.containsKey(id);
    }

    Optional<Grant> grant(String id) {
      return Optional.ofNullable(grants.get(id));
    }

    boolean hasCredential(String grantId) {
      return credentials.containsKey(grantId);
    }

    Builder putGrant(Grant grant) {
      grants.put(grant.id(), grant);
      return this;
    }

    Builder removeGrant(String id) {
      grants.remove(id);
      return this;
    }

    /**
     * Adds {@code credential} with its parsed verifier; false (and nothing added) when the verifier
     * text is not a valid SCRAM-SHA-256 secret.
     */
    boolean putCredential(GrantCredential credential) {
      Optional<ScramVerifier> verifier = ScramVerifier.tryParse(credential.verifier());
      if (verifier.isEmpty()) {
        removeCredential(credential.grantId());
        return false;
      }
      credentials.put(credential.grantId(), credential);
      verifiers.put(credential.grantId(), verifier.get());
      return true;
    }

    Builder removeCredential(String grantId) {
      credentials.remove(grantId);
      verifiers.remove(grantId);
      return this;
    }

    Builder putPrincipal(Principal principal) {
      principals.put(principal.name(), principal);
      return this;
    }

    Builder removePrincipal(String name) {
      principals.remove(name);
      return this;
    }

    /** Drops the grants {@code keep} rejects, unless they still have a credential. */
    Builder retainGrants(Predicate<Grant> keep) {
      grants.values().removeIf(g -> !keep.test(g) && !credentials.containsKey(g.id()));
      return this;
    }

    GrantSnapshot build() {
      return new GrantSnapshot(version, grants, credentials, verifiers, principals);
    }
  }
}
