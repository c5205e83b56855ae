package dev.jitgate.audit.event;

/**
 * The type-specific part of an audit event; {@link #type()} is the event's JSON {@code type}. Proxies write the
 * session types, the admin role {@link AdminAction}, the auditor {@link Alert}.
 */
public sealed interface EventBody
    permits SessionStart, SessionReject, Statement, StatementDone, Copy, SessionEnd, AdminAction, Alert {

  /** The JSON {@code type}, e.g. {@code statement.done} or {@code admin.access_request.approve}. */
  String type();
}
