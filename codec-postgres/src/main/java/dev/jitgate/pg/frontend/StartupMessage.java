package dev.jitgate.pg.frontend;

import dev.jitgate.pg.ProtocolVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * StartupMessage: {@code Int32 len, Int32 version, (String name, String value)*, Byte1 0}. Parameters
 * keep the client's order; {@code user} is required by the protocol, {@code database} defaults to it.
 */
public record StartupMessage(ProtocolVersion version, SequencedMap<String, String> parameters)
    implements StartupPacket {

  /** Copies the parameters into an unmodifiable, order-keeping map. */
  public StartupMessage {
    Objects.requireNonNull(version, "version");
    parameters = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(parameters));
  }

  /** Convenience for building messages in code: parameters in the given map's iteration order. */
  public static StartupMessage of(ProtocolVersion version, Map<String, String> parameters) {
    return new StartupMessage(version, new LinkedHashMap<>(parameters));
  }

  /** The {@code user} parameter, or {@code null} when the client sent none. */
  public String user() {
    return parameters.get("user");
  }

  /** The {@code database} parameter, defaulting to the user name as PostgreSQL does. */
  public String database() {
    String db = parameters.get("database");
    return db == null || db.isEmpty() ? user() : db;
  }
}
