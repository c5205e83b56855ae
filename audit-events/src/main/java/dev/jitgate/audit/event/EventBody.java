package dev.jitgate.audit.event;

/** The type-specific part of an audit event; {@link #type()} is the event's JSON {@code type}. */
public sealed interface EventBody
    permits SessionStart, SessionReject, Statement, StatementDone, Copy, SessionEnd, AdminAction {

  /** The JSON {@code type}, e.g. {@code statement.done} or {@code admin.access_request.approve}. */
  String type();
}
