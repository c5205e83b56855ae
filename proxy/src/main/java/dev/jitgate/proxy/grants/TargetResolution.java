package dev.jitgate.proxy.grants;

import java.util.List;
import java.util.Objects;

/** What a startup {@code database} parameter names, from {@link LoginTarget#resolve}. */
public sealed interface TargetResolution {

  /**
   * One target.
   *
   * @param target the integration and database
   */
  record Resolved(LoginTarget target) implements TargetResolution {
    public Resolved {
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * A plain database name that several of the user's grants have.
   *
   * @param database the name given
   * @param choices the targets it could mean, by path
   */
  record Ambiguous(String database, List<LoginTarget> choices) implements TargetResolution {
    public Ambiguous {
      choices = List.copyOf(choices);
    }
  }

  /**
   * A plain database name that none of the user's grants has.
   *
   * @param database the name given
   */
  record Unmatched(String database) implements TargetResolution {}

  /**
   * A parameter that cannot name a target.
   *
   * @param parameter the text given (may hold anything; quote it with care)
   * @param reason what is wrong, naming the part
   */
  record Malformed(String parameter, String reason) implements TargetResolution {}
}
