package dev.jitgate.access.service;

/** Why an operation was refused; the admin API maps each to one HTTP status. */
public enum RejectionCode {
  /** The input breaks a rule (400). */
  INVALID,
  /** No valid credentials (401). */
  UNAUTHENTICATED,
  /** Authenticated but not allowed (403). */
  FORBIDDEN,
  /** The target does not exist or is not visible to the actor (404). */
  NOT_FOUND,
  /** The target's state does not allow it, or it changed meanwhile (409). */
  CONFLICT
}
