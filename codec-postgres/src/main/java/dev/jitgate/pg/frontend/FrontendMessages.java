package dev.jitgate.pg.frontend;

import static dev.jitgate.pg.ByteBufText.beginMessage;
import static dev.jitgate.pg.ByteBufText.endMessage;
import static dev.jitgate.pg.ByteBufText.readByte;
import static dev.jitgate.pg.ByteBufText.readCString;
import static dev.jitgate.pg.ByteBufText.readCount;
import static dev.jitgate.pg.ByteBufText.readInt;
import static dev.jitgate.pg.ByteBufText.readNullableBytes;
import static dev.jitgate.pg.ByteBufText.readShorts;
import static dev.jitgate.pg.ByteBufText.requireFullyRead;
import static dev.jitgate.pg.ByteBufText.requireReadable;
import static dev.jitgate.pg.ByteBufText.writeBytesMessage;
import static dev.jitgate.pg.ByteBufText.writeCString;
import static dev.jitgate.pg.ByteBufText.writeEmptyMessage;
import static dev.jitgate.pg.ByteBufText.writeNullableBytes;
import static dev.jitgate.pg.ByteBufText.writeShorts;

import dev.jitgate.pg.Bytes;
import dev.jitgate.pg.PgProtocolException;
import dev.jitgate.pg.ProtocolVersion;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes and encodes frontend messages. Decoding works on one framed message body (the framing layer
 * has checked its length against the limits); encoding writes the whole message, type and length
 * included. Pure functions: no state, no Netty pipeline.
 */
public final class FrontendMessages {

  private FrontendMessages() {}

  /**
   * Decodes a typed message body. {@code authKind} says how to read a {@code 'p'} message; other types
   * ignore it. A {@code 'p'} message with a {@code null} kind (no authentication exchange running) is a
   * protocol violation. Unknown types become {@link UnknownFrontendMessage}.
   */
  public static FrontendMessage decode(byte type, ByteBuf body, AuthenticationResponseKind authKind) {
    FrontendMessage message =
        switch (type) {
          case 'Q' -> new Query(readCString(body));
          case 'P' -> decodeParse(body);
          case 'B' -> decodeBind(body);
          case 'E' -> new Execute(readCString(body), readInt(body));
          case 'D' -> new Describe(Target.fromCode(readByte(body)), readCString(body));
          case 'C' -> new Close(Target.fromCode(readByte(body)), readCString(body));
          case 'S' -> Sync.INSTANCE;
          case 'H' -> Flush.INSTANCE;
          case 'X' -> Terminate.INSTANCE;
          case 'c' -> CopyDone.INSTANCE;
          case 'd' -> new CopyData(Bytes.read(body, body.readableBytes()));
          case 'f' -> new CopyFail(readCString(body));
          case 'F' -> decodeFunctionCall(body);
          case 'p' -> decodeAuthenticationResponse(body, authKind);
          default -> new UnknownFrontendMessage(type, Bytes.read(body, body.readableBytes()));
        };
    requireFullyRead(body, message.getClass().getSimpleName());
    return message;
  }

  /**
   * Decodes the payload of a startup packet (everything after the length word). The caller has
   * checked the length against the limits.
   */
  public static StartupPacket decodeStartupPacket(ByteBuf payload) {
    int code = readInt(payload);
    StartupPacket packet =
        switch (code) {
          case StartupPacket.SSL_REQUEST_CODE -> SslRequest.INSTANCE;
          case StartupPacket.GSSENC_REQUEST_CODE -> GssEncRequest.INSTANCE;
          case StartupPacket.CANCEL_REQUEST_CODE -> decodeCancel(payload);
          default -> decodeStartupMessage(ProtocolVersion.fromCode(code), payload);
        };
    requireFullyRead(payload, packet.getClass().getSimpleName());
    return packet;
  }

  private static CancelRequest decodeCancel(ByteBuf payload) {
    int pid = readInt(payload);
    int keyLength = payload.readableBytes();
    if (keyLength < 4 || keyLength > CancelRequest.MAX_SECRET_KEY_LENGTH) {
      throw new PgProtocolException("invalid length of cancel request key: " + keyLength);
    }
    return new CancelRequest(pid, Bytes.read(payload, keyLength));
  }

  private static StartupMessage decodeStartupMessage(ProtocolVersion version, ByteBuf payload) {
    if (version.major() != 3) {
      throw new PgProtocolException(
          dev.jitgate.pg.SqlState.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol " + version);
    }
    LinkedHashMap<String, String> params = new LinkedHashMap<>();
    while (true) {
      requireReadable(payload, 1);
      String name = readCString(payload);
      if (name.isEmpty()) {
        break;
      }
      String value = readCString(payload);
      if (params.putIfAbsent(name, value) != null) {
        throw new PgProtocolException("startup parameter \"" + printable(name) + "\" appears twice");
      }
    }
    return new StartupMessage(version, params);
  }

  private static String printable(String s) {
    String clipped = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    return clipped.replaceAll("[\\p{Cntrl}]", "?");
  }

  private static Parse decodeParse(ByteBuf body) {
    String name = readCString(body);
    String query = readCString(body);
    int n = readCount(body, 4);
    List<Integer> types = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      types.add(body.readInt());
    }
    return new Parse(name, query, types);
  }

  private static Bind decodeBind(ByteBuf body) {
    String portal = readCString(body);
    String statement = readCString(body);
    List<Integer> formats = readShorts(body);
    List<byte[]> values = readValues(body);
    if (formats.size() > 1 && formats.size() != values.size()) {
      // as PostgreSQL (exec_bind_message); Bind.parameterFormat(i) relies on it
      throw new PgProtocolException(
          "bind message has " + formats.size() + " parameter formats but " + values.size() + " parameters");
    }
    List<Integer> resultFormats = readShorts(body);
    return new Bind(portal, statement, formats, values, resultFormats);
  }

  private static FunctionCall decodeFunctionCall(ByteBuf body) {
    int oid = readInt(body);
    List<Integer> formats = readShorts(body);
    List<byte[]> args = readValues(body);
    requireReadable(body, 2);
    int resultFormat = body.readShort();
    return new FunctionCall(oid, formats, args, resultFormat);
  }

  private static FrontendMessage decodeAuthenticationResponse(ByteBuf body, AuthenticationResponseKind kind) {
    if (kind == null) {
      throw new PgProtocolException("unexpected authentication response message");
    }
    return switch (kind) {
      case PASSWORD -> new PasswordMessage(readCString(body));
      case SASL_INITIAL -> {
        String mechanism = readCString(body);
        int n = readInt(body);
        yield new SaslInitialResponse(mechanism, n == -1 ? null : Bytes.read(body, n));
      }
      case SASL -> new SaslResponse(Bytes.read(body, body.readableBytes()));
      case GSS -> new GssResponse(Bytes.read(body, body.readableBytes()));
    };
  }

  private static List<byte[]> readValues(ByteBuf body) {
    int n = readCount(body, 4);
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(readNullableBytes(body));
    }
    return out;
  }

  /** Writes {@code message} including its type byte (none for startup packets) and length word. */
  public static void encode(FrontendMessage message, ByteBuf out) {
    switch (message) {
      case StartupPacket p -> encodeStartupPacket(p, out);
      case Query q -> {
        int start = beginMessage(out, 'Q');
        writeCString(out, q.sql());
        endMessage(out, start);
      }
      case Parse p -> {
        int start = beginMessage(out, 'P');
        writeCString(out, p.statement());
        writeCString(out, p.query());
        out.writeShort(p.parameterTypes().size());
        p.parameterTypes().forEach(out::writeInt);
        endMessage(out, start);
      }
      case Bind b -> {
        int start = beginMessage(out, 'B');
        writeCString(out, b.portal());
        writeCString(out, b.statement());
        writeShorts(out, b.parameterFormats());
        writeValues(out, b.parameterValues());
        writeShorts(out, b.resultFormats());
        endMessage(out, start);
      }
      case Execute e -> {
        int start = beginMessage(out, 'E');
        writeCString(out, e.portal());
        out.writeInt(e.maxRows());
        endMessage(out, start);
      }
      case Describe d -> {
        int start = beginMessage(out, 'D');
        out.writeByte(d.target().code());
        writeCString(out, d.name());
        endMessage(out, start);
      }
      case Close c -> {
        int start = beginMessage(out, 'C');
        out.writeByte(c.target().code());
        writeCString(out, c.name());
        endMessage(out, start);
      }
      case Sync s -> writeEmptyMessage(out, 'S');
      case Flush f -> writeEmptyMessage(out, 'H');
      case Terminate t -> writeEmptyMessage(out, 'X');
      case CopyDone c -> writeEmptyMessage(out, 'c');
      case CopyData d -> writeBytesMessage(out, 'd', d.data());
      case CopyFail f -> {
        int start = beginMessage(out, 'f');
        writeCString(out, f.message());
        endMessage(out, start);
      }
      case FunctionCall f -> {
        int start = beginMessage(out, 'F');
        out.writeInt(f.functionOid());
        writeShorts(out, f.argumentFormats());
        writeValues(out, f.arguments());
        out.writeShort(f.resultFormat());
        endMessage(out, start);
      }
      case PasswordMessage p -> {
        int start = beginMessage(out, 'p');
        writeCString(out, p.password());
        endMessage(out, start);
      }
      case SaslInitialResponse s -> {
        int start = beginMessage(out, 'p');
        writeCString(out, s.mechanism());
        writeNullableBytes(out, s.data());
        endMessage(out, start);
      }
      case SaslResponse s -> writeBytesMessage(out, 'p', s.data());
      case GssResponse g -> writeBytesMessage(out, 'p', g.data());
      case UnknownFrontendMessage u -> writeBytesMessage(out, (char) (u.type() & 0xFF), u.body());
    }
  }

  private static void encodeStartupPacket(StartupPacket packet, ByteBuf out) {
    int start = out.writerIndex();
    out.writeInt(0);
    switch (packet) {
      case SslRequest s -> out.writeInt(StartupPacket.SSL_REQUEST_CODE);
      case GssEncRequest g -> out.writeInt(StartupPacket.GSSENC_REQUEST_CODE);
      case CancelRequest c -> {
        out.writeInt(StartupPacket.CANCEL_REQUEST_CODE);
        out.writeInt(c.processId());
        c.secretKey().writeTo(out);
      }
      case StartupMessage m -> {
        out.writeInt(m.version().code());
        for (Map.Entry<String, String> e : m.parameters().entrySet()) {
          writeCString(out, e.getKey());
          writeCString(out, e.getValue());
        }
        out.writeByte(0);
      }
    }
    out.setInt(start, out.writerIndex() - start);
  }

  private static void writeValues(ByteBuf out, List<byte[]> values) {
    out.writeShort(values.size());
    values.forEach(v -> writeNullableBytes(out, v));
  }
}
