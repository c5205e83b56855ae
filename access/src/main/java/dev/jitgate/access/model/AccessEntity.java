package dev.jitgate.access.model;

/**
 * Everything the {@code AccessStore} keeps: one record type per kind, identified by a key, versioned by
 * a revision that the store sets to the change-feed version of the commit that last wrote it.
 */
public sealed interface AccessEntity
    permits Integration, Resource, Principal, AccessFlow, AccessRequest, Grant, GrantCredential,
        ApiToken {

  /** The entity's kind. */
  EntityKind entityKind();

  /** The entity's unique key within its kind. */
  String key();

  /** The revision this copy was read at; 0 for an entity that has never been stored. */
  long revision();

  /** A copy with another revision. */
  AccessEntity withRevision(long newRevision);
}
