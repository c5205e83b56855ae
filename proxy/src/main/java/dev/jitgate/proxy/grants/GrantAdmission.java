package dev.jitgate.proxy.grants;

import static dev.jitgate.proxy.grants.GrantMessages.quote;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantCredential;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.InvalidFieldException;
import dev.jitgate.access.model.Names;
import dev.jitgate.access.model.Permission;
import dev.jitgate.pg.SqlState;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The login decision, in two steps so that nothing about grants is revealed before the user has proven
 * who they are:
 *
 * <ol>
 *   <li>{@link #verifierFor} — before authentication: the SCRAM verifier to run the exchange against. It
 *       is the credential of the user's grant for the requested target (the active grant's, else that of a
 *       recently ended one), else the user's most recently issued credential; empty when the user has no
 *       credential at all — the proxy then runs a mock exchange and answers 28P01 "password authentication
 *       failed for user …", exactly as for a wrong password.
 *   <li>{@link #admit} — after a successful exchange: admitted only when the grant whose credential was
 *       used is active, is for the requested target and {@code now} lies in {@code [startsAt, endsAt)}.
 * </ol>
 *
 * <p>SQLSTATEs of rejections: {@code 28000} (invalid_authorization_specification) for everything about
 * grants — none, ended, revoked, superseded, not started yet, the password of another grant — including a
 * target the user has no grant on: whether an integration or database exists is not revealed to users
 * without a grant on it, and the fix is the same (request access; {@code jitgate request} says when a
 * target does not exist). {@code 3D000} (invalid_catalog_name) only when the {@code database} parameter
 * itself names no single target: malformed, or a plain name that several of the user's grants have.
 * Every rejection names the fix ({@code jitgate request …} or {@code jitgate credentials …}) in its hint.
 *
 * <p>Both steps are pure functions of a {@link GrantSnapshot}: take a fresh {@link GrantDirectory#snapshot()}
 * for each, since a grant may end during the exchange.
 */
public final class GrantAdmission {
  /** Suggested in requests when nothing better is known. */
  static final Permission DEFAULT_PERMISSION = Permission.READ;
  /** Suggested in requests when nothing better is known. */
  static final Duration DEFAULT_DURATION = Duration.ofHours(1);
  private static final int MAX_LISTED = 5;

  private GrantAdmission() {}

  /**
   * Step 1, before authentication: the credential to authenticate {@code principal} against for the
   * startup {@code database} parameter, or empty for a mock exchange.
   */
  public static Optional<AuthenticationTarget> verifierFor(GrantSnapshot snapshot, String principal,
      String databaseParameter) {
    if (!validPrincipal(principal)) {
      return Optional.empty();
    }
    List<Grant> grants = snapshot.grantsOf(principal);
    if (grants.isEmpty()) {
      return Optional.empty();
    }
    Optional<GrantCredential> forTarget = switch (LoginTarget.resolve(databaseParameter, grants)) {
      case TargetResolution.Resolved r ->
          snapshot.credentialFor(principal, r.target().integration(), r.target().database());
      case TargetResolution.Ambiguous a -> Optional.empty();
      case TargetResolution.Unmatched u -> Optional.empty();
      case TargetResolution.Malformed m -> Optional.empty();
    };
    return forTarget.or(() -> snapshot.latestCredentialOf(principal))
        .flatMap(c -> snapshot.verifier(c.grantId()).map(v -> new AuthenticationTarget(c.grantId(), v)));
  }

  /**
   * The hint of the FATAL 28P01 a failed authentication gets. It depends only on the {@code database} parameter
   * the client sent, never on the user or their grants, so an unknown user and a wrong password still read the
   * same; yet an engineer without a grant learns how to get one (and one with a grant where the password is).
   */
  public static String authenticationFailedHint(String databaseParameter) {
    String target = switch (LoginTarget.resolve(databaseParameter, List.of())) {
      case TargetResolution.Resolved r -> GrantMessages.shellWord(r.target().path());
      case TargetResolution.Unmatched u -> "<integration>/" + GrantMessages.shellWord(u.database());
      case TargetResolution.Ambiguous a -> "<integration>/<database>";
      case TargetResolution.Malformed m -> "<integration>/<database>";
    };
    return "use the password of your access grant's credential (jitgate credentials <grant>);"
        + " without an active grant, request one with: "
        + GrantMessages.requestCommand(target, DEFAULT_PERMISSION, DEFAULT_DURATION);
  }

  /**
   * Step 2, after {@code principal} authenticated with the credential of grant {@code authenticatedGrantId}
   * (from {@link AuthenticationTarget#grantId()}): admitted, or rejected with a message naming the fix.
   */
  public static AdmissionDecision admit(GrantSnapshot snapshot, String principal, String databaseParameter,
      String authenticatedGrantId, Instant now) {
    if (!validPrincipal(principal)) {
      return refuse("user name " + quote(String.valueOf(principal)) + " is not valid", "");
    }
    List<Grant> grants = snapshot.grantsOf(principal);
    return switch (LoginTarget.resolve(databaseParameter, grants)) {
      case TargetResolution.Resolved r -> admitTo(snapshot, principal, r.target(), authenticatedGrantId, now);
      case TargetResolution.Malformed m -> new AdmissionDecision.Rejected(SqlState.INVALID_CATALOG_NAME,
          "invalid database " + quote(m.parameter()) + ": " + m.reason(),
          "connect with dbname=<integration>/<database>" + examples(grants, now));
      case TargetResolution.Ambiguous a -> new AdmissionDecision.Rejected(SqlState.INVALID_CATALOG_NAME,
          "database name " + quote(a.database()) + " is ambiguous for user " + quote(principal)
              + ": it could be "
              + a.choices().stream().map(t -> GrantMessages.target(t.path())).collect(Collectors.joining(" or ")),
          "connect with dbname=<integration>/<database>, e.g. dbname="
              + GrantMessages.target(a.choices().get(0).path()));
      case TargetResolution.Unmatched u -> refuse("no active access grant for user " + quote(principal)
          + " on a database named " + quote(u.database()), "request one with: "
          + GrantMessages.requestCommand("<integration>/" + GrantMessages.shellWord(u.database()),
              DEFAULT_PERMISSION, DEFAULT_DURATION)
          + activeList(grants, now));
    };
  }

  private static AdmissionDecision admitTo(GrantSnapshot snapshot, String principal, LoginTarget target,
      String authenticatedGrantId, Instant now) {
    List<Grant> onTarget = snapshot.grantsOf(principal).stream().filter(target::covers).toList();
    Optional<Grant> used = Optional.ofNullable(authenticatedGrantId).flatMap(snapshot::grant)
        .filter(g -> g.principal().equals(principal));
    Optional<GrantCredential> credential = used.flatMap(g -> snapshot.credential(g.id()));
    if (used.isEmpty() || credential.isEmpty()) {
      return refuse("the credential you used is no longer valid", fix(target, onTarget, null, now));
    }
    Grant grant = used.get();
    if (!target.covers(grant)) {
      return wrongTarget(principal, target, grant, onTarget, now);
    }
    if (grant.isActiveAt(now)) {
      return new AdmissionDecision.Admitted(grant, credential.get());
    }
    if (grant.state() == GrantState.ACTIVE && now.isBefore(grant.startsAt())) {
      return refuse(GrantMessages.grantLabel(grant) + " starts at " + GrantMessages.time(grant.startsAt()),
          "connect again then");
    }
    return refuse(GrantMessages.ended(endOf(grant)), fix(target, onTarget, grant, now));
  }

  /** The user authenticated with the credential of a grant for another target. */
  private static AdmissionDecision wrongTarget(String principal, LoginTarget target, Grant used,
      List<Grant> onTarget, Instant now) {
    Optional<Grant> usable = usable(onTarget, null, now);
    if (usable.isPresent()) {
      return refuse("the password you used belongs to " + GrantMessages.grantLabel(used) + ", not "
          + GrantMessages.target(target.path()), fix(target, onTarget, null, now));
    }
    if (!onTarget.isEmpty()) {
      // None is usable: the newest has ended (or is past its end and waits for the sweep).
      return refuse(GrantMessages.ended(endOf(onTarget.get(0))), fix(target, onTarget, null, now));
    }
    return refuse("no active access grant for user " + quote(principal) + " on "
        + GrantMessages.target(target.path()),
        fix(target, onTarget, null, now));
  }

  /**
   * The way out: the credential of another usable grant on the target, else a new request shaped like the
   * last grant there (or read for 1h).
   */
  private static String fix(LoginTarget target, List<Grant> onTarget, Grant excluded, Instant now) {
    Optional<Grant> usable = usable(onTarget, excluded, now);
    if (usable.isPresent()) {
      Grant g = usable.get();
      return "use the credential of " + GrantMessages.grantLabel(g) + " ("
          + GrantMessages.credentialsCommand(g.id()) + ")"
          + (now.isBefore(g.startsAt()) ? "; it starts at " + GrantMessages.time(g.startsAt()) : "");
    }
    String path = GrantMessages.shellWord(target.path());
    if (onTarget.isEmpty()) {
      return "request one with: " + GrantMessages.requestCommand(path, DEFAULT_PERMISSION, DEFAULT_DURATION);
    }
    Grant last = onTarget.get(0);
    return "request again with: " + GrantMessages.requestCommand(path, last.permission(),
        Duration.between(last.startsAt(), last.endsAt()));
  }

  /** The newest grant on the target other than {@code excluded} that is active and not past its end. */
  private static Optional<Grant> usable(List<Grant> onTarget, Grant excluded, Instant now) {
    return onTarget.stream()
        .filter(g -> excluded == null || !g.id().equals(excluded.id()))
        .filter(g -> g.state() == GrantState.ACTIVE && g.endsAt().isAfter(now))
        .findFirst();
  }

  /** How a grant that no longer admits ended (an active one past its end: expired at its end). */
  private static GrantEnded endOf(Grant grant) {
    if (grant.state() == GrantState.ACTIVE || grant.endReason() == null || grant.endedAt() == null) {
      return new GrantEnded(grant, GrantEnded.Cause.EXPIRED, grant.endsAt());
    }
    GrantEnded.Cause cause = switch (grant.endReason()) {
      case EXPIRED -> GrantEnded.Cause.EXPIRED;
      case REVOKED -> GrantEnded.Cause.REVOKED;
      case SUPERSEDED -> GrantEnded.Cause.SUPERSEDED;
    };
    return new GrantEnded(grant, cause, grant.endedAt());
  }

  private static String examples(List<Grant> grants, Instant now) {
    List<String> paths = activePaths(grants, now);
    return paths.isEmpty() ? "" : ", e.g. dbname=" + paths.get(0);
  }

  private static String activeList(List<Grant> grants, Instant now) {
    List<String> paths = activePaths(grants, now);
    return paths.isEmpty() ? "" : "; your active grants: " + String.join(", ", paths);
  }

  private static List<String> activePaths(List<Grant> grants, Instant now) {
    return grants.stream()
        .filter(g -> g.state() == GrantState.ACTIVE && g.endsAt().isAfter(now))
        .map(g -> GrantMessages.target(LoginTarget.of(g).path()))
        .distinct()
        .sorted(Comparator.naturalOrder())
        .limit(MAX_LISTED)
        .toList();
  }

  private static AdmissionDecision.Rejected refuse(String message, String hint) {
    return new AdmissionDecision.Rejected(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, message, hint);
  }

  private static boolean validPrincipal(String principal) {
    try {
      Names.principal("user", principal);
      return true;
    } catch (InvalidFieldException e) {
      return false;
    }
  }
}
