package dev.jitgate.proxy.grants;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.InvalidFieldException;
import dev.jitgate.access.model.Names;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The database a login asks for: an integration and one of its databases, named in the startup
 * {@code database} parameter as {@code <integration>/<database>}, or as a plain {@code <database>} when
 * that is unambiguous among the user's grants.
 *
 * @param integration the integration name (a slug)
 * @param database the database name (a PostgreSQL identifier without {@code /})
 */
public record LoginTarget(String integration, String database) {
  /** Longest parameter text quoted back in messages. */
  static final int MAX_QUOTED = 100;

  public LoginTarget {
    Names.slug("integration", integration);
    Names.identifier("database", database);
  }

  /** The target of {@code grant}. */
  public static LoginTarget of(Grant grant) {
    return new LoginTarget(grant.integration(), grant.database());
  }

  /** {@code <integration>/<database>}, the form users type. */
  public String path() {
    return integration + "/" + database;
  }

  /** True when {@code grant} is for this target. */
  public boolean covers(Grant grant) {
    return grant.integration().equals(integration) && grant.database().equals(database);
  }

  @Override
  public String toString() {
    return path();
  }

  /**
   * Resolves the startup {@code database} parameter against the grants of the user who sent it (newest
   * first). A plain name resolves to the one active grant's target with that database name; when no active
   * grant has it, to the one target among the user's recently ended grants (so the rejection can say that
   * the grant ended); several targets make it ambiguous, none unmatched.
   */
  public static TargetResolution resolve(String parameter, Collection<Grant> grantsOfUser) {
    if (parameter == null || parameter.isEmpty()) {
      return new TargetResolution.Malformed("", "no database was given");
    }
    int slash = parameter.indexOf('/');
    if (slash >= 0) {
      try {
        return new TargetResolution.Resolved(
            new LoginTarget(parameter.substring(0, slash), parameter.substring(slash + 1)));
      } catch (InvalidFieldException e) {
        return new TargetResolution.Malformed(parameter, e.getMessage());
      }
    }
    try {
      Names.identifier("database", parameter);
    } catch (InvalidFieldException e) {
      return new TargetResolution.Malformed(parameter, e.getMessage());
    }
    List<LoginTarget> active = targetsNamed(parameter, grantsOfUser, true);
    List<LoginTarget> candidates = active.isEmpty() ? targetsNamed(parameter, grantsOfUser, false) : active;
    return switch (candidates.size()) {
      case 0 -> new TargetResolution.Unmatched(parameter);
      case 1 -> new TargetResolution.Resolved(candidates.get(0));
      default -> new TargetResolution.Ambiguous(parameter, candidates);
    };
  }

  private static List<LoginTarget> targetsNamed(String database, Collection<Grant> grants, boolean active) {
    return grants.stream()
        .filter(g -> g.database().equals(database) && (g.state() == GrantState.ACTIVE) == active)
        .map(LoginTarget::of)
        .distinct()
        .sorted(Comparator.comparing(LoginTarget::path))
        .toList();
  }
}
