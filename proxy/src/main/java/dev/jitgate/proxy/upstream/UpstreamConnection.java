package dev.jitgate.proxy.upstream;

import dev.jitgate.pg.ProtocolVersion;
import dev.jitgate.pg.backend.BackendKeyData;
import dev.jitgate.pg.backend.NoticeResponse;
import dev.jitgate.pg.backend.ParameterStatus;
import dev.jitgate.pg.backend.ReadyForQuery;
import dev.jitgate.proxy.config.UpstreamConfig;
import io.netty.channel.Channel;
import java.util.List;

/**
 * An upstream session that has logged in and reached its first ReadyForQuery: what the proxy relays to
 * the client before the relay starts, plus what it needs to cancel queries later.
 *
 * @param channel the upstream channel, on the client's event loop, with no handlers left but TLS
 * @param config the upstream it reached
 * @param protocolVersion the version the server agreed to
 * @param parameters the server's ParameterStatus messages, in order
 * @param notices notices sent during login
 * @param keyData the server's cancel key, or {@code null} if it sent none
 * @param ready the first ReadyForQuery
 */
public record UpstreamConnection(
    Channel channel,
    UpstreamConfig config,
    ProtocolVersion protocolVersion,
    List<ParameterStatus> parameters,
    List<NoticeResponse> notices,
    BackendKeyData keyData,
    ReadyForQuery ready) {
  public UpstreamConnection {
    parameters = List.copyOf(parameters);
    notices = List.copyOf(notices);
  }
}
