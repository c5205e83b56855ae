package dev.jitgate.access.ids;

/** Makes unique ids for entities and events; tests inject a deterministic one. */
@FunctionalInterface
public interface IdGenerator {

  /** A new unique id (UUID text). */
  String next();
}
