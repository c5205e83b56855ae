package dev.jitgate.access.store;

/** What a change-feed record says happened to an entity. */
public enum ChangeOp {
  PUT,
  DELETE
}
