package dev.jitgate.pg;

/**
 * Every limit the PostgreSQL codec enforces, in one validated record.
 *
 * <p>Limits are checked against the length a peer <em>claims</em> before any byte of the body is
 * buffered, so a hostile length never turns into an allocation.
 *
 * @param maxStartupPacketLength largest StartupMessage/SSLRequest/CancelRequest packet, length word
 *     included (PostgreSQL's own limit is 10000)
 * @param maxAuthMessageLength largest message accepted while a client is not yet authenticated
 * @param maxFrontendMessageLength largest frontend message after authentication
 * @param maxBackendMessageLength largest backend message the proxy buffers whole (only during the
 *     upstream handshake; the relay streams backend messages without buffering them)
 * @param maxInspectedBytes how many bytes of an inspected message body the relay copies for
 *     inspection (audit); the rest of the message is relayed but not copied
 */
public record PgCodecConfig(
    int maxStartupPacketLength,
    int maxAuthMessageLength,
    int maxFrontendMessageLength,
    int maxBackendMessageLength,
    int maxInspectedBytes) {

  /** PostgreSQL's own bound on a startup packet ({@code MAX_STARTUP_PACKET_LENGTH}). */
  public static final int POSTGRES_MAX_STARTUP_PACKET_LENGTH = 10_000;

  /** PostgreSQL's hard limit for a single message (1 GB minus one, {@code PQ_LARGE_MESSAGE_LIMIT}). */
  public static final int POSTGRES_MAX_MESSAGE_LENGTH = 0x3FFF_FFFF;

  /** Defaults that match PostgreSQL where PostgreSQL has a limit. */
  public static final PgCodecConfig DEFAULTS =
      new PgCodecConfig(POSTGRES_MAX_STARTUP_PACKET_LENGTH, 8192, POSTGRES_MAX_MESSAGE_LENGTH, 64 * 1024 * 1024, 64 * 1024);

  /** Validates every limit; the message names the offending component. */
  public PgCodecConfig {
    requireRange("maxStartupPacketLength", maxStartupPacketLength, 8, POSTGRES_MAX_STARTUP_PACKET_LENGTH);
    requireRange("maxAuthMessageLength", maxAuthMessageLength, 5, 1 << 20);
    requireRange("maxFrontendMessageLength", maxFrontendMessageLength, 5, POSTGRES_MAX_MESSAGE_LENGTH);
    requireRange("maxBackendMessageLength", maxBackendMessageLength, 5, POSTGRES_MAX_MESSAGE_LENGTH);
    requireRange("maxInspectedBytes", maxInspectedBytes, 0, 1 << 30);
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
