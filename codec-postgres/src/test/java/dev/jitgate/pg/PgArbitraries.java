package dev.jitgate.pg;

import dev.jitgate.pg.backend.AuthenticationCleartextPassword;
import dev.jitgate.pg.backend.AuthenticationGss;
import dev.jitgate.pg.backend.AuthenticationGssContinue;
import dev.jitgate.pg.backend.AuthenticationKerberosV5;
import dev.jitgate.pg.backend.AuthenticationMd5Password;
import dev.jitgate.pg.backend.AuthenticationOk;
import dev.jitgate.pg.backend.AuthenticationSasl;
import dev.jitgate.pg.backend.AuthenticationSaslContinue;
import dev.jitgate.pg.backend.AuthenticationSaslFinal;
import dev.jitgate.pg.backend.AuthenticationScmCredential;
import dev.jitgate.pg.backend.AuthenticationSspi;
import dev.jitgate.pg.backend.BackendKeyData;
import dev.jitgate.pg.backend.BackendMessage;
import dev.jitgate.pg.backend.BackendMessages;
import dev.jitgate.pg.backend.BindComplete;
import dev.jitgate.pg.backend.CloseComplete;
import dev.jitgate.pg.backend.CommandComplete;
import dev.jitgate.pg.backend.CopyBothResponse;
import dev.jitgate.pg.backend.CopyInResponse;
import dev.jitgate.pg.backend.CopyOutResponse;
import dev.jitgate.pg.backend.DataRow;
import dev.jitgate.pg.backend.EmptyQueryResponse;
import dev.jitgate.pg.backend.ErrorFields;
import dev.jitgate.pg.backend.ErrorResponse;
import dev.jitgate.pg.backend.FunctionCallResponse;
import dev.jitgate.pg.backend.NegotiateProtocolVersion;
import dev.jitgate.pg.backend.NoData;
import dev.jitgate.pg.backend.NoticeResponse;
import dev.jitgate.pg.backend.NotificationResponse;
import dev.jitgate.pg.backend.ParameterDescription;
import dev.jitgate.pg.backend.ParameterStatus;
import dev.jitgate.pg.backend.ParseComplete;
import dev.jitgate.pg.backend.PortalSuspended;
import dev.jitgate.pg.backend.ReadyForQuery;
import dev.jitgate.pg.backend.RowDescription;
import dev.jitgate.pg.backend.UnknownBackendMessage;
import dev.jitgate.pg.frontend.AuthenticationResponseKind;
import dev.jitgate.pg.frontend.Bind;
import dev.jitgate.pg.frontend.CancelRequest;
import dev.jitgate.pg.frontend.Close;
import dev.jitgate.pg.frontend.CopyData;
import dev.jitgate.pg.frontend.CopyDone;
import dev.jitgate.pg.frontend.CopyFail;
import dev.jitgate.pg.frontend.Describe;
import dev.jitgate.pg.frontend.Execute;
import dev.jitgate.pg.frontend.Flush;
import dev.jitgate.pg.frontend.FrontendMessage;
import dev.jitgate.pg.frontend.FrontendMessages;
import dev.jitgate.pg.frontend.FunctionCall;
import dev.jitgate.pg.frontend.GssEncRequest;
import dev.jitgate.pg.frontend.GssResponse;
import dev.jitgate.pg.frontend.Parse;
import dev.jitgate.pg.frontend.PasswordMessage;
import dev.jitgate.pg.frontend.Query;
import dev.jitgate.pg.frontend.SaslInitialResponse;
import dev.jitgate.pg.frontend.SaslResponse;
import dev.jitgate.pg.frontend.SslRequest;
import dev.jitgate.pg.frontend.StartupMessage;
import dev.jitgate.pg.frontend.StartupPacket;
import dev.jitgate.pg.frontend.Sync;
import dev.jitgate.pg.frontend.Target;
import dev.jitgate.pg.frontend.Terminate;
import dev.jitgate.pg.frontend.UnknownFrontendMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for protocol records, encoded streams and mutations of them. */
public final class PgArbitraries {

  private PgArbitraries() {}

  /** Frontend types the decoder knows. */
  public static final String FRONTEND_TYPES = "QPBEDCSHXcdfFp";
  /** Backend types the decoder knows. */
  public static final String BACKEND_TYPES = "RK23CdcGHWDIENVvnAtS1sZT";

  // ---------------------------------------------------------------- primitives

  /** Strings a protocol string can hold: no NUL, no lone surrogates; ASCII and wider BMP characters. */
  public static Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('\u0001', '\u007f').ofMaxLength(24),
        Arbitraries.strings().withCharRange('\u0001', '\uD7FF').withCharRange('\uE000', '\uFFFD').ofMaxLength(12));
  }

  public static Arbitrary<String> nonEmptyText() {
    return text().filter(s -> !s.isEmpty());
  }

  public static Arbitrary<byte[]> bytes(int maxSize) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxSize);
  }

  public static Arbitrary<byte[]> nullableBytes() {
    return bytes(24).injectNull(0.25);
  }

  public static Arbitrary<Integer> int16() {
    return Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE);
  }

  public static Arbitrary<Integer> int32() {
    return Arbitraries.integers();
  }

  public static Arbitrary<Short> shorts() {
    return Arbitraries.shorts();
  }

  // ---------------------------------------------------------------- frontend

  public static Arbitrary<StartupPacket> startupPackets() {
    Arbitrary<StartupPacket> startup =
        Combinators.combine(
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.maps(nonEmptyText(), text()).ofMaxSize(5))
            .as((minor, params) -> new StartupMessage(new ProtocolVersion(3, minor), new LinkedHashMap<>(params)));
    Arbitrary<StartupPacket> cancel =
        Combinators.combine(int32(), Arbitraries.bytes().array(byte[].class).ofMinSize(4).ofMaxSize(256))
            .as(CancelRequest::new);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, startup),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(SslRequest.INSTANCE)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(GssEncRequest.INSTANCE)),
        net.jqwik.api.Tuple.of(2, cancel));
  }

  /** Typed frontend messages (no startup packets). */
  public static Arbitrary<FrontendMessage> frontendMessages() {
    List<Arbitrary<? extends FrontendMessage>> choices = new ArrayList<>();
    choices.add(text().map(Query::new));
    choices.add(Combinators.combine(text(), text(), int32().list().ofMaxSize(5)).as(Parse::new));
    // parameter formats: none (all text), one (for all) or one per value, as the protocol requires
    choices.add(
        Combinators.combine(
                text(),
                text(),
                nullableBytes().list().ofMaxSize(4),
                Arbitraries.integers().between(0, 2),
                int16().list().ofSize(4),
                int16().list().ofMaxSize(4))
            .as(
                (portal, statement, values, rule, formats, resultFormats) ->
                    new Bind(
                        portal,
                        statement,
                        switch (rule) {
                          case 0 -> List.of();
                          case 1 -> formats.subList(0, 1);
                          default -> formats.subList(0, values.size());
                        },
                        values,
                        resultFormats)));
    choices.add(Combinators.combine(text(), int32()).as(Execute::new));
    choices.add(Combinators.combine(Arbitraries.of(Target.class), text()).as(Describe::new));
    choices.add(Combinators.combine(Arbitraries.of(Target.class), text()).as(Close::new));
    choices.add(Arbitraries.of(Sync.INSTANCE, Flush.INSTANCE, Terminate.INSTANCE, CopyDone.INSTANCE));
    choices.add(bytes(40).map(CopyData::new));
    choices.add(text().map(CopyFail::new));
    choices.add(
        Combinators.combine(int32(), int16().list().ofMaxSize(3), nullableBytes().list().ofMaxSize(3), int16())
            .as(FunctionCall::new));
    choices.add(text().map(PasswordMessage::new));
    choices.add(Combinators.combine(text(), nullableBytes()).as(SaslInitialResponse::new));
    choices.add(bytes(40).map(SaslResponse::new));
    choices.add(bytes(40).map(GssResponse::new));
    choices.add(
        Combinators.combine(
                Arbitraries.bytes().filter(b -> FRONTEND_TYPES.indexOf((char) (b & 0xFF)) < 0), bytes(24))
            .as(UnknownFrontendMessage::new));
    return Arbitraries.oneOf(choices);
  }

  /** How to read a {@code 'p'} message holding {@code m}. */
  public static AuthenticationResponseKind authKindOf(FrontendMessage m) {
    return switch (m) {
      case SaslInitialResponse s -> AuthenticationResponseKind.SASL_INITIAL;
      case SaslResponse s -> AuthenticationResponseKind.SASL;
      case GssResponse g -> AuthenticationResponseKind.GSS;
      default -> AuthenticationResponseKind.PASSWORD;
    };
  }

  // ---------------------------------------------------------------- backend

  public static Arbitrary<BackendMessage> backendMessages() {
    List<Arbitrary<? extends BackendMessage>> choices = new ArrayList<>();
    choices.add(
        Arbitraries.of(
            AuthenticationOk.INSTANCE,
            AuthenticationKerberosV5.INSTANCE,
            AuthenticationCleartextPassword.INSTANCE,
            AuthenticationScmCredential.INSTANCE,
            AuthenticationGss.INSTANCE,
            AuthenticationSspi.INSTANCE,
            BindComplete.INSTANCE,
            CloseComplete.INSTANCE,
            dev.jitgate.pg.backend.CopyDone.INSTANCE,
            EmptyQueryResponse.INSTANCE,
            NoData.INSTANCE,
            ParseComplete.INSTANCE,
            PortalSuspended.INSTANCE));
    choices.add(Arbitraries.bytes().array(byte[].class).ofSize(4).map(AuthenticationMd5Password::new));
    choices.add(bytes(32).map(AuthenticationGssContinue::new));
    choices.add(nonEmptyText().list().ofMaxSize(3).map(AuthenticationSasl::new));
    choices.add(bytes(32).map(AuthenticationSaslContinue::new));
    choices.add(bytes(32).map(AuthenticationSaslFinal::new));
    choices.add(Combinators.combine(int32(), Arbitraries.bytes().array(byte[].class).ofMinSize(4).ofMaxSize(256)).as(BackendKeyData::new));
    choices.add(text().map(CommandComplete::new));
    choices.add(bytes(40).map(dev.jitgate.pg.backend.CopyData::new));
    Arbitrary<Integer> format = Arbitraries.integers().between(Byte.MIN_VALUE, Byte.MAX_VALUE);
    choices.add(Combinators.combine(format, int16().list().ofMaxSize(4)).as(CopyInResponse::new));
    choices.add(Combinators.combine(format, int16().list().ofMaxSize(4)).as(CopyOutResponse::new));
    choices.add(Combinators.combine(format, int16().list().ofMaxSize(4)).as(CopyBothResponse::new));
    choices.add(nullableBytes().list().ofMaxSize(5).map(DataRow::new));
    Arbitrary<ErrorFields> fields =
        Arbitraries.maps(Arbitraries.chars().range('\u0001', '\u00ff'), text()).ofMaxSize(6).map(m -> new ErrorFields(new LinkedHashMap<>(m)));
    choices.add(fields.map(ErrorResponse::new));
    choices.add(fields.map(NoticeResponse::new));
    choices.add(nullableBytes().map(FunctionCallResponse::new));
    // major 0 is excluded: a word up to 0xFFFF is read back as a bare minor number (3.minor)
    Arbitrary<ProtocolVersion> versions =
        Combinators.combine(Arbitraries.integers().between(1, 0xFFFF), Arbitraries.integers().between(0, 0xFFFF))
            .as(ProtocolVersion::new);
    choices.add(Combinators.combine(versions, text().list().ofMaxSize(3)).as(NegotiateProtocolVersion::new));
    choices.add(Combinators.combine(int32(), text(), text()).as(NotificationResponse::new));
    choices.add(int32().list().ofMaxSize(5).map(ParameterDescription::new));
    choices.add(Combinators.combine(text(), text()).as(ParameterStatus::new));
    choices.add(Arbitraries.of(ReadyForQuery.TransactionStatus.class).map(ReadyForQuery::new));
    Arbitrary<RowDescription.Field> field =
        Combinators.combine(text(), int32(), shorts(), int32(), shorts(), int32(), shorts()).as(RowDescription.Field::new);
    choices.add(field.list().ofMaxSize(3).map(RowDescription::new));
    choices.add(
        Combinators.combine(
                Arbitraries.bytes().filter(b -> BACKEND_TYPES.indexOf((char) (b & 0xFF)) < 0), bytes(24))
            .as(UnknownBackendMessage::new));
    return Arbitraries.oneOf(choices);
  }

  // ---------------------------------------------------------------- encoding and mutation

  public static byte[] encode(FrontendMessage m) {
    ByteBuf out = Unpooled.buffer();
    try {
      FrontendMessages.encode(m, out);
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  public static byte[] encode(BackendMessage m) {
    ByteBuf out = Unpooled.buffer();
    try {
      BackendMessages.encode(m, out);
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  /** 1 to 4 typed frontend messages, encoded back to back. */
  public static Arbitrary<byte[]> frontendStreams() {
    return frontendMessages().list().ofMinSize(1).ofMaxSize(4).map(ms -> concat(ms.stream().map(PgArbitraries::encode).toList()));
  }

  /** 1 to 4 backend messages, encoded back to back. */
  public static Arbitrary<byte[]> backendStreams() {
    return backendMessages().list().ofMinSize(1).ofMaxSize(4).map(ms -> concat(ms.stream().map(PgArbitraries::encode).toList()));
  }

  /** What a client sends first: optionally SSLRequest, a startup packet, then some typed messages. */
  public static Arbitrary<byte[]> connectionOpenings() {
    return Combinators.combine(
            Arbitraries.of(true, false), startupPackets(), frontendMessages().list().ofMaxSize(3))
        .as(
            (ssl, packet, rest) -> {
              List<byte[]> parts = new ArrayList<>();
              if (ssl) {
                parts.add(encode(SslRequest.INSTANCE));
              }
              parts.add(encode(packet));
              rest.forEach(m -> parts.add(encode(m)));
              return concat(parts);
            });
  }

  /** One edit of a byte array; positions are reduced modulo the array length when applied. */
  public record Mutation(int kind, int position, byte value) {
    byte[] apply(byte[] in) {
      return switch (kind) {
        case 0 -> { // flip bits of one byte
          if (in.length == 0) {
            yield in;
          }
          byte[] out = in.clone();
          int p = position % in.length;
          out[p] = (byte) (out[p] ^ (value == 0 ? 1 : value));
          yield out;
        }
        case 1 -> { // insert a byte
          int p = position % (in.length + 1);
          byte[] out = new byte[in.length + 1];
          System.arraycopy(in, 0, out, 0, p);
          out[p] = value;
          System.arraycopy(in, p, out, p + 1, in.length - p);
          yield out;
        }
        case 2 -> { // delete a byte
          if (in.length == 0) {
            yield in;
          }
          int p = position % in.length;
          byte[] out = new byte[in.length - 1];
          System.arraycopy(in, 0, out, 0, p);
          System.arraycopy(in, p + 1, out, p, in.length - p - 1);
          yield out;
        }
        default -> { // overwrite a byte with an extreme value (0x00, 0x7f, 0x80, 0xff)
          if (in.length == 0) {
            yield in;
          }
          byte[] out = in.clone();
          out[position % in.length] = new byte[] {0, 0x7f, (byte) 0x80, (byte) 0xff}[value & 3];
          yield out;
        }
      };
    }
  }

  public static Arbitrary<List<Mutation>> mutations() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 3), Arbitraries.integers().greaterOrEqual(0), Arbitraries.bytes())
        .as(Mutation::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  public static Arbitrary<byte[]> mutated(Arbitrary<byte[]> valid) {
    return Combinators.combine(valid, mutations())
        .as(
            (bytes, ms) -> {
              byte[] b = bytes;
              for (Mutation m : ms) {
                b = m.apply(b);
              }
              return b;
            });
  }

  /** Read sizes to split an input into (cycled). */
  public static Arbitrary<List<Integer>> chunkSizes() {
    return Arbitraries.integers().between(1, 48).list().ofMinSize(1).ofMaxSize(8);
  }

  public static List<byte[]> split(byte[] input, List<Integer> sizes) {
    List<byte[]> out = new ArrayList<>();
    int at = 0;
    for (int i = 0; at < input.length; i++) {
      int n = Math.min(sizes.get(i % sizes.size()), input.length - at);
      out.add(java.util.Arrays.copyOfRange(input, at, at + n));
      at += n;
    }
    return out;
  }

  public static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    parts.forEach(o::writeBytes);
    return o.toByteArray();
  }
}
