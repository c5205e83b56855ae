package dev.jitgate.audit.event;

/**
 * {@code session.start}: the engineer is authenticated and authorized and the upstream connection is
 * ready.
 *
 * @param clientAddress the client's IP address as text [{@code client_address}]
 * @param clientPort the client's TCP port [{@code client_port}]
 * @param applicationName the {@code application_name} startup parameter, or null [{@code application_name}]
 * @param tlsVersion e.g. {@code TLSv1.3}, null without TLS [{@code tls_version}]
 * @param tlsCipher e.g. {@code TLS_AES_256_GCM_SHA384}, null without TLS [{@code tls_cipher}]
 * @param protocolVersion the negotiated protocol, e.g. {@code 3.0} or {@code 3.2} [{@code protocol_version}]
 * @param authMethod how the engineer authenticated, e.g. {@code scram-sha-256-plus} [{@code auth_method}]
 */
public record SessionStart(
    String clientAddress,
    int clientPort,
    String applicationName,
    String tlsVersion,
    String tlsCipher,
    String protocolVersion,
    String authMethod) implements EventBody {

  /** The JSON type. */
  public static final String TYPE = "session.start";

  public SessionStart {
    Checks.text("client_address", clientAddress);
    Checks.port("client_port", clientPort);
    Checks.optionalText("tls_version", tlsVersion);
    Checks.optionalText("tls_cipher", tlsCipher);
    if ((tlsVersion == null) != (tlsCipher == null)) {
      throw new EventFieldException("tls_cipher", "must be set exactly when tls_version is set");
    }
    Checks.text("protocol_version", protocolVersion);
    Checks.text("auth_method", authMethod);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
