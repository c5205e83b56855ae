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
import java.util.SequencedMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Generators for protocol records, encoded streams and mutations of them, for {@link RandomCases}
 * properties. Each takes the try's random source; sizes and integers are biased toward edge cases.
 */
public final class PgGenerators {

  private PgGenerators() {}

  /** Frontend types the decoder knows. */
  public static final String FRONTEND_TYPES = "QPBEDCSHXcdfFp";
  /** Backend types the decoder knows. */
  public static final String BACKEND_TYPES = "RK23CdcGHWDIENVvnAtS1sZT";

  // ---------------------------------------------------------------- primitives

  /** Strings a protocol string can hold: no NUL, no lone surrogates; ASCII (≤ 24) or wider BMP (≤ 12) characters. */
  public static String text(RandomGenerator r) {
    return RandomCases.textWithoutNul(r, 0, 24, 12);
  }

  public static String nonEmptyText(RandomGenerator r) {
    return RandomCases.textWithoutNul(r, 1, 24, 12);
  }

  public static byte[] bytes(RandomGenerator r, int maxSize) {
    return RandomCases.bytes(r, maxSize);
  }

  /** Up to 24 bytes, or null a quarter of the time. */
  public static byte[] nullableBytes(RandomGenerator r) {
    return RandomCases.orNull(r, 0.25, g -> bytes(g, 24));
  }

  public static Bytes byteString(RandomGenerator r, int maxSize) {
    return Bytes.of(bytes(r, maxSize));
  }

  /** Up to 24 bytes, or null a quarter of the time. */
  public static Bytes nullableByteString(RandomGenerator r) {
    byte[] b = nullableBytes(r);
    return b == null ? null : Bytes.of(b);
  }

  public static int int16(RandomGenerator r) {
    return RandomCases.anyShort(r);
  }

  public static int int32(RandomGenerator r) {
    return RandomCases.anyInt(r);
  }

  public static short shorts(RandomGenerator r) {
    return RandomCases.anyShort(r);
  }

  /** A type byte: one the decoders know or any byte, half and half. */
  public static byte typeByte(RandomGenerator r, String known) {
    return r.nextBoolean() ? (byte) known.charAt(r.nextInt(known.length())) : RandomCases.anyByte(r);
  }

  /** A type byte none of {@code known}. */
  static byte unknownType(RandomGenerator r, String known) {
    while (true) {
      byte b = RandomCases.anyByte(r);
      if (known.indexOf((char) (b & 0xFF)) < 0) {
        return b;
      }
    }
  }

  private static <T> List<T> list(RandomGenerator r, int min, int max, Function<RandomGenerator, T> gen) {
    return RandomCases.listOf(r, min, max, gen);
  }

  /** A map of up to {@code maxSize} distinct keys, in insertion order. */
  private static <K, V> SequencedMap<K, V> map(
      RandomGenerator r, int maxSize, Function<RandomGenerator, K> keys, Function<RandomGenerator, V> values) {
    int size = RandomCases.size(r, 0, maxSize);
    LinkedHashMap<K, V> m = new LinkedHashMap<>();
    for (int attempts = 0; m.size() < size && attempts < 4 * size; attempts++) {
      m.putIfAbsent(keys.apply(r), values.apply(r));
    }
    return m;
  }

  private static Bytes secretKey(RandomGenerator r) {
    return Bytes.of(RandomCases.bytes(r, 4, 256));
  }

  // ---------------------------------------------------------------- frontend

  /** StartupMessage (4), SSLRequest (1), GSSENCRequest (1) or CancelRequest (2), by weight. */
  public static StartupPacket startupPacket(RandomGenerator r) {
    int w = r.nextInt(8);
    if (w < 4) {
      int minor = RandomCases.intBetween(r, 0, 0xFFFF);
      return new StartupMessage(new ProtocolVersion(3, minor), map(r, 5, PgGenerators::nonEmptyText, PgGenerators::text));
    }
    if (w == 4) {
      return SslRequest.INSTANCE;
    }
    if (w == 5) {
      return GssEncRequest.INSTANCE;
    }
    return new CancelRequest(int32(r), secretKey(r));
  }

  /** Typed frontend messages (no startup packets), each kind equally likely. */
  public static FrontendMessage frontendMessage(RandomGenerator r) {
    return switch (r.nextInt(15)) {
      case 0 -> new Query(text(r));
      case 1 -> new Parse(text(r), text(r), list(r, 0, 5, PgGenerators::int32));
      case 2 -> {
        // parameter formats: none (all text), one (for all) or one per value, as the protocol requires
        String portal = text(r);
        String statement = text(r);
        List<byte[]> values = list(r, 0, 4, PgGenerators::nullableBytes);
        List<Integer> formats =
            switch (r.nextInt(3)) {
              case 0 -> List.of();
              case 1 -> List.of(int16(r));
              default -> list(r, values.size(), values.size(), PgGenerators::int16);
            };
        yield new Bind(portal, statement, formats, values, list(r, 0, 4, PgGenerators::int16));
      }
      case 3 -> new Execute(text(r), int32(r));
      case 4 -> new Describe(RandomCases.pick(r, Target.values()), text(r));
      case 5 -> new Close(RandomCases.pick(r, Target.values()), text(r));
      case 6 -> RandomCases.pick(r, Sync.INSTANCE, Flush.INSTANCE, Terminate.INSTANCE, CopyDone.INSTANCE);
      case 7 -> new CopyData(byteString(r, 40));
      case 8 -> new CopyFail(text(r));
      case 9 ->
          new FunctionCall(
              int32(r), list(r, 0, 3, PgGenerators::int16), list(r, 0, 3, PgGenerators::nullableBytes), int16(r));
      case 10 -> new PasswordMessage(text(r));
      case 11 -> new SaslInitialResponse(text(r), nullableByteString(r));
      case 12 -> new SaslResponse(byteString(r, 40));
      case 13 -> new GssResponse(byteString(r, 40));
      default -> new UnknownFrontendMessage(unknownType(r, FRONTEND_TYPES), byteString(r, 24));
    };
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

  /** Backend messages, each kind (the message-less ones as one) equally likely. */
  public static BackendMessage backendMessage(RandomGenerator r) {
    return switch (r.nextInt(23)) {
      case 0 ->
          RandomCases.pick(
              r,
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
              PortalSuspended.INSTANCE);
      case 1 -> new AuthenticationMd5Password(Bytes.of(RandomCases.bytes(r, 4, 4)));
      case 2 -> new AuthenticationGssContinue(byteString(r, 32));
      case 3 -> new AuthenticationSasl(list(r, 0, 3, PgGenerators::nonEmptyText));
      case 4 -> new AuthenticationSaslContinue(byteString(r, 32));
      case 5 -> new AuthenticationSaslFinal(byteString(r, 32));
      case 6 -> new BackendKeyData(int32(r), secretKey(r));
      case 7 -> new CommandComplete(text(r));
      case 8 -> new dev.jitgate.pg.backend.CopyData(byteString(r, 40));
      case 9 -> new CopyInResponse(copyFormat(r), list(r, 0, 4, PgGenerators::int16));
      case 10 -> new CopyOutResponse(copyFormat(r), list(r, 0, 4, PgGenerators::int16));
      case 11 -> new CopyBothResponse(copyFormat(r), list(r, 0, 4, PgGenerators::int16));
      case 12 -> new DataRow(list(r, 0, 5, PgGenerators::nullableBytes));
      case 13 -> new ErrorResponse(errorFields(r));
      case 14 -> new NoticeResponse(errorFields(r));
      case 15 -> new FunctionCallResponse(nullableByteString(r));
      // major 0 is excluded: a word up to 0xFFFF is read back as a bare minor number (3.minor)
      case 16 ->
          new NegotiateProtocolVersion(
              new ProtocolVersion(RandomCases.intBetween(r, 1, 0xFFFF), RandomCases.intBetween(r, 0, 0xFFFF)),
              list(r, 0, 3, PgGenerators::text));
      case 17 -> new NotificationResponse(int32(r), text(r), text(r));
      case 18 -> new ParameterDescription(list(r, 0, 5, PgGenerators::int32));
      case 19 -> new ParameterStatus(text(r), text(r));
      case 20 -> new ReadyForQuery(RandomCases.pick(r, ReadyForQuery.TransactionStatus.values()));
      case 21 -> new RowDescription(list(r, 0, 3, PgGenerators::rowField));
      default -> new UnknownBackendMessage(unknownType(r, BACKEND_TYPES), byteString(r, 24));
    };
  }

  private static int copyFormat(RandomGenerator r) {
    return RandomCases.intBetween(r, Byte.MIN_VALUE, Byte.MAX_VALUE);
  }

  private static ErrorFields errorFields(RandomGenerator r) {
    return new ErrorFields(map(r, 6, g -> (char) RandomCases.intBetween(g, 1, 0xFF), PgGenerators::text));
  }

  private static RowDescription.Field rowField(RandomGenerator r) {
    return new RowDescription.Field(text(r), int32(r), shorts(r), int32(r), shorts(r), int32(r), shorts(r));
  }

  // ---------------------------------------------------------------- encoding and streams

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
  public static byte[] frontendStream(RandomGenerator r) {
    return concat(list(r, 1, 4, PgGenerators::frontendMessage).stream().map(PgGenerators::encode).toList());
  }

  /** 1 to 4 backend messages, encoded back to back. */
  public static byte[] backendStream(RandomGenerator r) {
    return concat(list(r, 1, 4, PgGenerators::backendMessage).stream().map(PgGenerators::encode).toList());
  }

  /** What a client sends first: optionally SSLRequest, a startup packet, then up to 3 typed messages. */
  public static byte[] connectionOpening(RandomGenerator r) {
    List<byte[]> parts = new ArrayList<>();
    if (r.nextBoolean()) {
      parts.add(encode(SslRequest.INSTANCE));
    }
    parts.add(encode(startupPacket(r)));
    list(r, 0, 3, PgGenerators::frontendMessage).forEach(m -> parts.add(encode(m)));
    return concat(parts);
  }

  /** Read sizes to split an input into (cycled): 1 to 8 sizes of 1 to 48 bytes. */
  public static List<Integer> chunkSizes(RandomGenerator r) {
    return list(r, 1, 8, g -> RandomCases.intBetween(g, 1, 48));
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
