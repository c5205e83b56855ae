package dev.jitgate.pg;

/**
 * A frontend/backend protocol version as sent in a StartupMessage: major in the high 16 bits, minor in
 * the low 16 bits. jitgate speaks 3.0 and 3.2 (PostgreSQL 18: 256-bit cancel keys).
 */
public record ProtocolVersion(int major, int minor) implements Comparable<ProtocolVersion> {

  public static final ProtocolVersion V3_0 = new ProtocolVersion(3, 0);
  public static final ProtocolVersion V3_2 = new ProtocolVersion(3, 2);
  /** The newest version jitgate implements. */
  public static final ProtocolVersion LATEST = V3_2;

  /** Checks that both halves fit into 16 bits. */
  public ProtocolVersion {
    if (major < 0 || major > 0xFFFF || minor < 0 || minor > 0xFFFF) {
      throw new IllegalArgumentException("protocol version halves must fit in 16 bits");
    }
  }

  /** Splits the 32-bit code of a startup packet. */
  public static ProtocolVersion fromCode(int code) {
    return new ProtocolVersion(code >>> 16, code & 0xFFFF);
  }

  public int code() {
    return (major << 16) | minor;
  }

  @Override
  public int compareTo(ProtocolVersion other) {
    return Integer.compare(code(), other.code());
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
