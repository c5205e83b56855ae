package dev.jitgate.audit.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed, strict access to the members of one JSON object. Every v1 field must be present; "optional"
 * means it may be JSON {@code null}. Remembers which members were read so the rest can be kept as
 * extensions. Failures are {@link EventFieldException}s naming {@code prefix + name}.
 */
final class FieldReader {
  private final JsonNode object;
  private final String prefix;
  /** The names read, in order (a short list: a linear search is cheaper than hashing ~20 names). */
  private final List<String> read = new ArrayList<>(24);

  FieldReader(JsonNode object, String prefix) {
    this.object = object;
    this.prefix = prefix;
  }

  /** Whether member {@code name} was read. */
  boolean wasRead(String name) {
    return read.contains(name);
  }

  /**
   * Whether every member of the object was read: each name read (kept once) was present, else reading it
   * failed, so as many names read as the object has members means none is left over.
   */
  boolean readAll() {
    return read.size() == object.size();
  }

  JsonNode node(String name) {
    if (!read.contains(name)) {
      read.add(name);
    }
    JsonNode value = object.get(name);
    if (value == null) {
      throw new EventFieldException(prefix + name, "is missing");
    }
    return value;
  }

  String text(String name) {
    String value = optionalText(name);
    if (value == null) {
      throw new EventFieldException(prefix + name, "must not be null");
    }
    return value;
  }

  String optionalText(String name) {
    JsonNode value = node(name);
    if (value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new EventFieldException(prefix + name, "must be a string");
    }
    return value.textValue();
  }

  long integer(String name) {
    Long value = optionalInteger(name);
    if (value == null) {
      throw new EventFieldException(prefix + name, "must not be null");
    }
    return value;
  }

  Long optionalInteger(String name) {
    JsonNode value = node(name);
    if (value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new EventFieldException(prefix + name, "must be an integer in the 64-bit range");
    }
    return value.longValue();
  }

  int port(String name) {
    long value = integer(name);
    if (value < 0 || value > 65535) {
      throw new EventFieldException(prefix + name, "must be a port number 0..65535");
    }
    return (int) value;
  }

  boolean bool(String name) {
    JsonNode value = node(name);
    if (!value.isBoolean()) {
      throw new EventFieldException(prefix + name, "must be true or false");
    }
    return value.booleanValue();
  }

  JsonNode array(String name) {
    JsonNode value = node(name);
    if (!value.isArray()) {
      throw new EventFieldException(prefix + name, "must be an array");
    }
    return value;
  }

  JsonNode object(String name) {
    JsonNode value = node(name);
    if (!value.isObject()) {
      throw new EventFieldException(prefix + name, "must be an object");
    }
    return value;
  }

  /** Fails on members that were not read (nested v1 objects are closed). */
  void rejectUnread() {
    for (var member : object.properties()) {
      String name = member.getKey();
      if (!wasRead(name)) {
        throw new EventFieldException(prefix + name, "is not a field of this object in v1");
      }
    }
  }
}
