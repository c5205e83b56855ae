package dev.jitgate.pg.netty;

import dev.jitgate.pg.backend.BackendMessage;
import dev.jitgate.pg.backend.BackendMessages;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link BackendMessage}s to the wire; other outbound objects pass through. Stateless. */
@ChannelHandler.Sharable
public final class BackendMessageEncoder extends MessageToByteEncoder<BackendMessage> {

  public BackendMessageEncoder() {
    super(BackendMessage.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, BackendMessage msg, ByteBuf out) {
    BackendMessages.encode(msg, out);
  }
}
