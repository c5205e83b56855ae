package dev.jitgate.audit.event;

/**
 * {@code session.reject}: a login was refused. The event opens (and ends) a fresh session id; the
 * envelope's principal is set only when the engineer had authenticated before the refusal.
 *
 * @param clientAddress the client's IP address as text [{@code client_address}]
 * @param clientPort the client's TCP port [{@code client_port}]
 * @param sqlstate the SQLSTATE sent to the client, e.g. {@code 28P01} [{@code sqlstate}]
 * @param reason why, in words for the reviewer (never a password) [{@code reason}]
 * @param requestedUser the {@code user} startup parameter as given, or null [{@code requested_user}]
 * @param requestedDatabase the {@code database} startup parameter as given, or null
 *     [{@code requested_database}]
 */
public record SessionReject(
    String clientAddress,
    int clientPort,
    String sqlstate,
    String reason,
    String requestedUser,
    String requestedDatabase) implements EventBody {

  /** The JSON type. */
  public static final String TYPE = "session.reject";

  public SessionReject {
    Checks.text("client_address", clientAddress);
    Checks.port("client_port", clientPort);
    Checks.sqlstate("sqlstate", sqlstate);
    Checks.text("reason", reason);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
