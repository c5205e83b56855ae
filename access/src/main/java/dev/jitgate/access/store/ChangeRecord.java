package dev.jitgate.access.store;

import dev.jitgate.access.model.EntityKind;

/**
 * One entry of the change feed: entity {@code kind/key} was written by the commit at {@code version}.
 * Several records may share a version (one commit, several entities).
 *
 * @param version the commit's version, strictly increasing between commits
 * @param kind the entity kind
 * @param key the entity key
 * @param op put or delete
 */
public record ChangeRecord(long version, EntityKind kind, String key, ChangeOp op) {}
