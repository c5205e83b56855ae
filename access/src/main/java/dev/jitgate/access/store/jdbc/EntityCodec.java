package dev.jitgate.access.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.access.json.AccessJson;
import dev.jitgate.access.model.AccessEntity;
import dev.jitgate.access.model.AdminEvent;
import dev.jitgate.access.model.EntityKind;
import dev.jitgate.access.model.InvalidFieldException;
import dev.jitgate.access.store.StoreException;

/**
 * Entity and admin-event bodies as JSON ({@link AccessJson#lenient()}, so that a newer writer's extra
 * fields do not break an older reader). Error messages name the entity, never the body's content.
 */
final class EntityCodec {
  private final ObjectMapper mapper = AccessJson.lenient();

  String write(AccessEntity entity) {
    try {
      return mapper.writeValueAsString(entity);
    } catch (JsonProcessingException e) {
      throw new StoreException(
          entity.entityKind().wireName() + " " + entity.key() + " cannot be written as JSON: "
              + e.getClass().getSimpleName());
    }
  }

  /** The stored {@code kind/key} with the revision of its row (the body's copy is not trusted). */
  AccessEntity read(EntityKind kind, String key, String body, long revision) {
    try {
      return mapper.readValue(body, kind.type()).withRevision(revision);
    } catch (JsonProcessingException | InvalidFieldException e) {
      throw new StoreException("stored " + kind.wireName() + " " + key + " cannot be read: "
          + describe(e));
    }
  }

  String writeEvent(AdminEvent event) {
    try {
      return mapper.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new StoreException(
          "admin event " + event.id() + " cannot be written as JSON: " + e.getClass().getSimpleName());
    }
  }

  AdminEvent readEvent(long seq, String body) {
    try {
      return mapper.readValue(body, AdminEvent.class);
    } catch (JsonProcessingException | InvalidFieldException e) {
      throw new StoreException("outbox entry " + seq + " cannot be read: " + describe(e));
    }
  }

  /** The error's type and, for model checks, the field at fault; never a snippet of the body. */
  private static String describe(Exception e) {
    if (e instanceof InvalidFieldException invalid) {
      return "invalid field " + invalid.field();
    }
    Throwable cause = e.getCause();
    if (cause instanceof InvalidFieldException invalid) {
      return "invalid field " + invalid.field();
    }
    return e.getClass().getSimpleName();
  }
}
