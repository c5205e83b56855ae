package dev.jitgate.access.service;

import static dev.jitgate.access.service.Transactions.require;

import dev.jitgate.access.model.AccessEntity;
import dev.jitgate.access.rules.Authorization;
import dev.jitgate.access.rules.Operation;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The argument, authorization and revision checks that service operations start with, and the
 * {@link AccessException}s they throw.
 */
final class Checks {
  private Checks() {}

  /** Fails unless {@code actor} may perform {@code operation}. */
  static void allow(Actor actor, Operation operation) {
    Objects.requireNonNull(actor, "actor");
    require(Authorization.check(actor, operation));
  }

  /** {@code value}, or INVALID naming {@code field} when it is null or blank. */
  static <T> T required(String field, T value) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw invalid(field, "is required");
    }
    return value;
  }

  /** {@code entity}, which must be present and have revision 0 as it is about to be created. */
  static <T extends AccessEntity> T creating(String field, T entity) {
    required(field, entity);
    if (entity.revision() != 0) {
      throw invalid("revision", "must be 0 when creating");
    }
    return entity;
  }

  /** {@code value}, which must be present and longer than zero. */
  static Duration positive(String field, Duration value) {
    required(field, value);
    if (value.isNegative() || value.isZero()) {
      throw invalid(field, "must be positive");
    }
    return value;
  }

  /** The revision to write over {@code stored}: the client's must be 0 or the stored one. */
  static long expectRevision(AccessEntity stored, long clientRevision) {
    if (clientRevision != 0 && clientRevision != stored.revision()) {
      throw conflict(stored.entityKind().wireName() + " " + stored.key() + " was changed meanwhile (revision "
          + stored.revision() + ", you sent " + clientRevision + "); read it again and retry");
    }
    return stored.revision();
  }

  /** Like {@link #expectRevision}, or 0 when nothing is stored yet. */
  static long expectRevisionIfStored(Optional<? extends AccessEntity> stored, long clientRevision) {
    return stored.map(s -> expectRevision(s, clientRevision)).orElse(0L);
  }

  static AccessException invalid(String field, String message) {
    return new AccessException(RejectionCode.INVALID, field, message);
  }

  static AccessException conflict(String message) {
    return new AccessException(RejectionCode.CONFLICT, message);
  }

  static AccessException notFound(String message) {
    return new AccessException(RejectionCode.NOT_FOUND, message);
  }
}
