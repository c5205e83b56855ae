package dev.jitgate.pg.backend;

/** PortalSuspended: {@code 's', Int32 4}. Execute stopped at its row limit. */
public record PortalSuspended() implements BackendMessage {
  /** The only instance needed. */
  public static final PortalSuspended INSTANCE = new PortalSuspended();
}
