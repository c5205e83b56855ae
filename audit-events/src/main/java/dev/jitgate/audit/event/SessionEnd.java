package dev.jitgate.audit.event;

/**
 * {@code session.end}: the last event of a session.
 *
 * @param reason why the session ended [{@code reason}]
 * @param bytesIn bytes received from the client [{@code bytes_in}]
 * @param bytesOut bytes sent to the client [{@code bytes_out}]
 * @param statements {@code statement} events emitted in the session [{@code statements}]
 * @param durationMicros from session.start (or accept) to the end [{@code duration_micros}]
 */
public record SessionEnd(EndReason reason, long bytesIn, long bytesOut, long statements, long durationMicros)
    implements EventBody {

  /** The JSON type. */
  public static final String TYPE = "session.end";

  public SessionEnd {
    Checks.present("reason", reason);
    Checks.nonNegative("bytes_in", bytesIn);
    Checks.nonNegative("bytes_out", bytesOut);
    Checks.nonNegative("statements", statements);
    Checks.nonNegative("duration_micros", durationMicros);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
