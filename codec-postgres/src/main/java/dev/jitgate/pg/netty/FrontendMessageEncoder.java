package dev.jitgate.pg.netty;

import dev.jitgate.pg.frontend.FrontendMessage;
import dev.jitgate.pg.frontend.FrontendMessages;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link FrontendMessage}s to the wire; other outbound objects pass through. Stateless. */
@ChannelHandler.Sharable
public final class FrontendMessageEncoder extends MessageToByteEncoder<FrontendMessage> {

  public FrontendMessageEncoder() {
    super(FrontendMessage.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, FrontendMessage msg, ByteBuf out) {
    FrontendMessages.encode(msg, out);
  }
}
