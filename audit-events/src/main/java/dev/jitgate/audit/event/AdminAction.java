package dev.jitgate.audit.event;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code admin.<action>}: an admin action drained from the control plane's outbox. Details never hold
 * secrets.
 *
 * @param action dotted action name, e.g. {@code access_request.approve} [{@code action}]
 * @param actor the acting principal, or {@code system} [{@code actor}]
 * @param targetKind the kind of the changed entity, e.g. {@code access_request} [{@code target_kind}]
 * @param targetId the key of the changed entity [{@code target_id}]
 * @param details further facts as strings, sorted by key [{@code details}]
 */
public record AdminAction(
    String action, String actor, String targetKind, String targetId, Map<String, String> details)
    implements EventBody {

  /** The prefix of every admin event type. */
  public static final String TYPE_PREFIX = "admin.";

  private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

  public AdminAction {
    Checks.present("action", action);
    if (!ACTION.matcher(action).matches()) {
      throw new EventFieldException("action", "must be dotted lower-case words, e.g. access_request.approve");
    }
    Checks.text("actor", actor);
    Checks.text("target_kind", targetKind);
    Checks.text("target_id", targetId);
    Checks.present("details", details);
    TreeMap<String, String> sorted = new TreeMap<>();
    details.forEach((k, v) -> {
      Checks.text("details", k);
      sorted.put(k, Checks.present("details." + k, v));
    });
    details = java.util.Collections.unmodifiableSortedMap(sorted);
  }

  @Override
  public String type() {
    return TYPE_PREFIX + action;
  }
}
