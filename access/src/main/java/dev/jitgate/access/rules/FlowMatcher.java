package dev.jitgate.access.rules;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.DurationText;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.Resource;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the access flow a request falls under. A flow covers a request when the requester (or one of
 * its groups) is among its requesters, one of its resource selectors selects the database, and it allows
 * the permission. Among the covering flows, in name order, the first whose maximum duration and
 * justification rule the request meets wins.
 */
public final class FlowMatcher {
  private FlowMatcher() {}

  /** True when {@code flow} covers {@code ask} (regardless of duration and reason). */
  public static boolean covers(AccessFlow flow, RequestedAccess ask) {
    String integration = ask.integration().name();
    return flow.requesters().stream().anyMatch(r -> r.matches(ask.requester(), ask.groups()))
        && flow.resources().stream().anyMatch(s -> s.selects(integration, ask.database(), ask.databaseTags()))
        && flow.permissions().contains(ask.permission());
  }

  /** True when {@code ask} meets the duration and justification rules of {@code flow}. */
  public static boolean admits(AccessFlow flow, RequestedAccess ask) {
    return durationFits(flow, ask) && reasonFits(flow, ask);
  }

  /**
   * The flow {@code ask} is filed under, or why there is none: INVALID when the integration does not
   * serve the database or offer the permission, FORBIDDEN when no flow covers it, INVALID naming
   * {@code duration} or {@code reason} when covering flows exist but the request breaks their rules.
   */
  public static RuleResult<AccessFlow> match(List<AccessFlow> flows, RequestedAccess ask) {
    String integration = ask.integration().name();
    String path = Resource.path(integration, ask.database());
    if (!ask.integration().servesDatabase(ask.database())) {
      return RuleResult.reject(Rejection.invalid("database", "integration " + integration
          + " has no database " + ask.database() + " (it has: "
          + String.join(", ", ask.integration().databases()) + ")"));
    }
    if (!ask.integration().permissions().contains(ask.permission())) {
      return RuleResult.reject(Rejection.invalid("permission", "integration " + integration
          + " does not offer permission " + ask.permission() + " (it offers: "
          + ask.integration().permissions().stream().map(Permission::toString)
              .collect(Collectors.joining(", ")) + ")"));
    }
    List<AccessFlow> covering = flows.stream()
        .filter(f -> covers(f, ask))
        .sorted(Comparator.comparing(AccessFlow::name))
        .toList();
    if (covering.isEmpty()) {
      return RuleResult.reject(Rejection.forbidden("no access flow lets you request "
          + ask.permission() + " on " + path + "; ask an admin to add one"));
    }
    Optional<AccessFlow> winner = covering.stream().filter(f -> admits(f, ask)).findFirst();
    if (winner.isPresent()) {
      return RuleResult.accept(winner.get());
    }
    Optional<AccessFlow> needsReason = covering.stream().filter(f -> durationFits(f, ask)).findFirst();
    if (needsReason.isPresent()) {
      return RuleResult.reject(Rejection.invalid("reason",
          "flow " + needsReason.get().name() + " requires a reason"));
    }
    AccessFlow longest = covering.stream()
        .max(Comparator.comparing(AccessFlow::maxDuration)
            .thenComparing(AccessFlow::name, Comparator.reverseOrder()))
        .orElseThrow();
    return RuleResult.reject(Rejection.invalid("duration", "must be at most "
        + DurationText.format(longest.maxDuration()) + " under flow " + longest.name()));
  }

  private static boolean durationFits(AccessFlow flow, RequestedAccess ask) {
    return ask.duration().compareTo(flow.maxDuration()) <= 0;
  }

  private static boolean reasonFits(AccessFlow flow, RequestedAccess ask) {
    return !flow.justificationRequired() || !ask.reason().isBlank();
  }
}
