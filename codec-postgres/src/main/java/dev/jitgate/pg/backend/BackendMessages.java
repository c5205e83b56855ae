package dev.jitgate.pg.backend;

import static dev.jitgate.pg.ByteBufText.beginMessage;
import static dev.jitgate.pg.ByteBufText.endMessage;
import static dev.jitgate.pg.ByteBufText.readByte;
import static dev.jitgate.pg.ByteBufText.readCString;
import static dev.jitgate.pg.ByteBufText.readCount;
import static dev.jitgate.pg.ByteBufText.readInt;
import static dev.jitgate.pg.ByteBufText.readNullableByteString;
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
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes and encodes backend messages. Decoding works on one framed message body whose length the
 * framing layer has bounded; encoding writes type, length and body. Pure functions.
 */
public final class BackendMessages {

  private BackendMessages() {}

  /** Decodes one message body; unknown types and Authentication codes become {@link UnknownBackendMessage}. */
  public static BackendMessage decode(byte type, ByteBuf body) {
    int start = body.readerIndex();
    BackendMessage message =
        switch (type) {
          case 'R' -> decodeAuthentication(body, start);
          case 'K' -> decodeBackendKeyData(body);
          case '2' -> BindComplete.INSTANCE;
          case '3' -> CloseComplete.INSTANCE;
          case 'C' -> new CommandComplete(readCString(body));
          case 'd' -> new CopyData(Bytes.read(body, body.readableBytes()));
          case 'c' -> CopyDone.INSTANCE;
          case 'G' -> new CopyInResponse(readFormat(body), readShorts(body));
          case 'H' -> new CopyOutResponse(readFormat(body), readShorts(body));
          case 'W' -> new CopyBothResponse(readFormat(body), readShorts(body));
          case 'D' -> decodeDataRow(body);
          case 'I' -> EmptyQueryResponse.INSTANCE;
          case 'E' -> new ErrorResponse(decodeFields(body));
          case 'N' -> new NoticeResponse(decodeFields(body));
          case 'V' -> decodeFunctionCallResponse(body);
          case 'v' -> decodeNegotiate(body);
          case 'n' -> NoData.INSTANCE;
          case 'A' -> new NotificationResponse(readInt(body), readCString(body), readCString(body));
          case 't' -> decodeParameterDescription(body);
          case 'S' -> new ParameterStatus(readCString(body), readCString(body));
          case '1' -> ParseComplete.INSTANCE;
          case 's' -> PortalSuspended.INSTANCE;
          case 'Z' -> new ReadyForQuery(ReadyForQuery.TransactionStatus.fromCode(readByte(body)));
          case 'T' -> decodeRowDescription(body);
          default -> new UnknownBackendMessage(type, Bytes.read(body, body.readableBytes()));
        };
    requireFullyRead(body, message.getClass().getSimpleName());
    return message;
  }

  private static BackendMessage decodeAuthentication(ByteBuf body, int start) {
    int code = readInt(body);
    return switch (code) {
      case 0 -> AuthenticationOk.INSTANCE;
      case 2 -> AuthenticationKerberosV5.INSTANCE;
      case 3 -> AuthenticationCleartextPassword.INSTANCE;
      case 5 -> new AuthenticationMd5Password(Bytes.read(body, 4));
      case 6 -> AuthenticationScmCredential.INSTANCE;
      case 7 -> AuthenticationGss.INSTANCE;
      case 8 -> new AuthenticationGssContinue(Bytes.read(body, body.readableBytes()));
      case 9 -> AuthenticationSspi.INSTANCE;
      case 10 -> decodeSasl(body);
      case 11 -> new AuthenticationSaslContinue(Bytes.read(body, body.readableBytes()));
      case 12 -> new AuthenticationSaslFinal(Bytes.read(body, body.readableBytes()));
      default -> {
        body.readerIndex(start);
        yield new UnknownBackendMessage((byte) 'R', Bytes.read(body, body.readableBytes()));
      }
    };
  }

  private static AuthenticationSasl decodeSasl(ByteBuf body) {
    List<String> mechanisms = new ArrayList<>();
    while (true) {
      requireReadable(body, 1);
      String m = readCString(body);
      if (m.isEmpty()) {
        return new AuthenticationSasl(mechanisms);
      }
      mechanisms.add(m);
    }
  }

  private static BackendKeyData decodeBackendKeyData(ByteBuf body) {
    int pid = readInt(body);
    int n = body.readableBytes();
    if (n < 4 || n > 256) {
      throw new PgProtocolException("invalid BackendKeyData key length " + n);
    }
    return new BackendKeyData(pid, Bytes.read(body, n));
  }

  private static DataRow decodeDataRow(ByteBuf body) {
    int n = readCount(body, 4);
    List<byte[]> columns = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      columns.add(readNullableBytes(body));
    }
    return new DataRow(columns);
  }

  private static FunctionCallResponse decodeFunctionCallResponse(ByteBuf body) {
    return new FunctionCallResponse(readNullableByteString(body));
  }

  private static NegotiateProtocolVersion decodeNegotiate(ByteBuf body) {
    int version = readInt(body);
    int n = readInt(body);
    if (n < 0 || n > body.readableBytes()) {
      throw new PgProtocolException("invalid NegotiateProtocolVersion option count " + n);
    }
    List<String> options = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      options.add(readCString(body));
    }
    return new NegotiateProtocolVersion(NegotiateProtocolVersion.versionFromWire(version), options);
  }

  private static ParameterDescription decodeParameterDescription(ByteBuf body) {
    int n = readCount(body, 4);
    List<Integer> oids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      oids.add(body.readInt());
    }
    return new ParameterDescription(oids);
  }

  private static RowDescription decodeRowDescription(ByteBuf body) {
    int n = readCount(body, 19);
    List<RowDescription.Field> fields = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String name = readCString(body);
      requireReadable(body, 18);
      fields.add(
          new RowDescription.Field(
              name, body.readInt(), body.readShort(), body.readInt(), body.readShort(), body.readInt(), body.readShort()));
    }
    return new RowDescription(fields);
  }

  /** Reads the {@code (Byte1 code, String value)*, Byte1 0} list of ErrorResponse/NoticeResponse. */
  static ErrorFields decodeFields(ByteBuf body) {
    LinkedHashMap<Character, String> values = new LinkedHashMap<>();
    while (true) {
      byte code = readByte(body);
      if (code == 0) {
        return new ErrorFields(values);
      }
      values.put((char) (code & 0xFF), readCString(body));
    }
  }

  private static int readFormat(ByteBuf body) {
    return readByte(body);
  }

  /** Writes {@code message} with its type byte and length word. */
  public static void encode(BackendMessage message, ByteBuf out) {
    switch (message) {
      case Authentication a -> encodeAuthentication(a, out);
      case BackendKeyData k -> {
        int start = beginMessage(out, 'K');
        out.writeInt(k.processId());
        k.secretKey().writeTo(out);
        endMessage(out, start);
      }
      case BindComplete b -> writeEmptyMessage(out, '2');
      case CloseComplete c -> writeEmptyMessage(out, '3');
      case CommandComplete c -> {
        int start = beginMessage(out, 'C');
        writeCString(out, c.tag());
        endMessage(out, start);
      }
      case CopyData d -> writeBytesMessage(out, 'd', d.data());
      case CopyDone d -> writeEmptyMessage(out, 'c');
      case CopyInResponse r -> copyResponse(out, 'G', r.format(), r.columnFormats());
      case CopyOutResponse r -> copyResponse(out, 'H', r.format(), r.columnFormats());
      case CopyBothResponse r -> copyResponse(out, 'W', r.format(), r.columnFormats());
      case DataRow r -> {
        int start = beginMessage(out, 'D');
        out.writeShort(r.columns().size());
        r.columns().forEach(c -> writeNullableBytes(out, c));
        endMessage(out, start);
      }
      case EmptyQueryResponse e -> writeEmptyMessage(out, 'I');
      case ErrorResponse e -> fields(out, 'E', e.fields());
      case NoticeResponse n -> fields(out, 'N', n.fields());
      case FunctionCallResponse f -> {
        int start = beginMessage(out, 'V');
        writeNullableBytes(out, f.value());
        endMessage(out, start);
      }
      case NegotiateProtocolVersion v -> {
        int start = beginMessage(out, 'v');
        out.writeInt(v.newestVersion().code());
        out.writeInt(v.unrecognizedOptions().size());
        v.unrecognizedOptions().forEach(o -> writeCString(out, o));
        endMessage(out, start);
      }
      case NoData n -> writeEmptyMessage(out, 'n');
      case NotificationResponse n -> {
        int start = beginMessage(out, 'A');
        out.writeInt(n.processId());
        writeCString(out, n.channel());
        writeCString(out, n.payload());
        endMessage(out, start);
      }
      case ParameterDescription p -> {
        int start = beginMessage(out, 't');
        out.writeShort(p.typeOids().size());
        p.typeOids().forEach(out::writeInt);
        endMessage(out, start);
      }
      case ParameterStatus p -> {
        int start = beginMessage(out, 'S');
        writeCString(out, p.name());
        writeCString(out, p.value());
        endMessage(out, start);
      }
      case ParseComplete p -> writeEmptyMessage(out, '1');
      case PortalSuspended p -> writeEmptyMessage(out, 's');
      case ReadyForQuery r -> {
        out.writeByte('Z');
        out.writeInt(5);
        out.writeByte(r.status().code());
      }
      case RowDescription r -> {
        int start = beginMessage(out, 'T');
        out.writeShort(r.fields().size());
        for (RowDescription.Field f : r.fields()) {
          writeCString(out, f.name());
          out.writeInt(f.tableOid());
          out.writeShort(f.columnNumber());
          out.writeInt(f.typeOid());
          out.writeShort(f.typeSize());
          out.writeInt(f.typeModifier());
          out.writeShort(f.format());
        }
        endMessage(out, start);
      }
      case UnknownBackendMessage u -> writeBytesMessage(out, (char) (u.type() & 0xFF), u.body());
    }
  }

  private static void encodeAuthentication(Authentication a, ByteBuf out) {
    int start = beginMessage(out, 'R');
    out.writeInt(a.code());
    switch (a) {
      case AuthenticationOk ok -> {}
      case AuthenticationKerberosV5 k -> {}
      case AuthenticationCleartextPassword c -> {}
      case AuthenticationScmCredential s -> {}
      case AuthenticationGss g -> {}
      case AuthenticationSspi s -> {}
      case AuthenticationMd5Password m -> m.salt().writeTo(out);
      case AuthenticationGssContinue g -> g.data().writeTo(out);
      case AuthenticationSaslContinue s -> s.data().writeTo(out);
      case AuthenticationSaslFinal s -> s.data().writeTo(out);
      case AuthenticationSasl s -> {
        s.mechanisms().forEach(m -> writeCString(out, m));
        out.writeByte(0);
      }
    }
    endMessage(out, start);
  }

  private static void fields(ByteBuf out, char type, ErrorFields fields) {
    int start = beginMessage(out, type);
    for (Map.Entry<Character, String> e : fields.values().entrySet()) {
      out.writeByte(e.getKey());
      writeCString(out, e.getValue());
    }
    out.writeByte(0);
    endMessage(out, start);
  }

  private static void copyResponse(ByteBuf out, char type, int format, List<Integer> columnFormats) {
    int start = beginMessage(out, type);
    out.writeByte(format);
    out.writeShort(columnFormats.size());
    columnFormats.forEach(out::writeShort);
    endMessage(out, start);
  }

}
