package dev.jitgate.pg.frontend;

import static dev.jitgate.pg.Wire.hex;
import static dev.jitgate.pg.Wire.utf8;
import static dev.jitgate.pg.Wire.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.pg.Bytes;
import dev.jitgate.pg.PgProtocolException;
import dev.jitgate.pg.ProtocolVersion;
import dev.jitgate.pg.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One test per frontend message, both ways: {@code decode(bytes)} gives the record and
 * {@code encode(record)} gives exactly the bytes. Expected bytes are written by hand from
 * https://www.postgresql.org/docs/current/protocol-message-formats.html; every length word is counted
 * in the comment next to it.
 */
class FrontendMessagesTest {

  // ---------------------------------------------------------------- helpers

  /** Decodes a typed message (type byte, length word, body) as FrontendMessages.decode sees it. */
  static FrontendMessage decodeTyped(byte[] message, AuthenticationResponseKind kind) {
    assertThat(message.length).as("hand-written message has a header").isGreaterThanOrEqualTo(5);
    int lengthWord = ((message[1] & 0xFF) << 24) | ((message[2] & 0xFF) << 16) | ((message[3] & 0xFF) << 8) | (message[4] & 0xFF);
    assertThat(lengthWord).as("hand-written length word").isEqualTo(message.length - 1);
    ByteBuf body = Unpooled.wrappedBuffer(message, 5, message.length - 5);
    try {
      FrontendMessage m = FrontendMessages.decode(message[0], body, kind);
      assertThat(body.isReadable()).as("body fully consumed").isFalse();
      return m;
    } finally {
      body.release();
    }
  }

  /** Decodes a startup packet (length word, code, payload) as the StartupDecoder hands it over. */
  static StartupPacket decodeStartup(byte[] packet) {
    int lengthWord = ((packet[0] & 0xFF) << 24) | ((packet[1] & 0xFF) << 16) | ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
    assertThat(lengthWord).as("hand-written length word").isEqualTo(packet.length);
    ByteBuf payload = Unpooled.wrappedBuffer(packet, 4, packet.length - 4);
    try {
      return FrontendMessages.decodeStartupPacket(payload);
    } finally {
      payload.release();
    }
  }

  static byte[] encode(FrontendMessage m) {
    ByteBuf out = Unpooled.buffer();
    try {
      FrontendMessages.encode(m, out);
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  static void assertBothWays(byte[] wire, FrontendMessage expected) {
    assertBothWays(wire, expected, AuthenticationResponseKind.PASSWORD);
  }

  static void assertBothWays(byte[] wire, FrontendMessage expected, AuthenticationResponseKind kind) {
    assertThat(decodeTyped(wire, kind)).isEqualTo(expected);
    assertThat(encode(expected)).as("encoded bytes").isEqualTo(wire);
  }

  static void assertStartupBothWays(byte[] wire, StartupPacket expected) {
    assertThat(decodeStartup(wire)).isEqualTo(expected);
    assertThat(encode(expected)).as("encoded bytes").isEqualTo(wire);
  }

  static void assertMalformed(char type, byte[] body) {
    assertMalformed((byte) type, body, AuthenticationResponseKind.PASSWORD);
  }

  static void assertMalformed(byte type, byte[] body, AuthenticationResponseKind kind) {
    ByteBuf buf = Unpooled.wrappedBuffer(body);
    try {
      assertThatThrownBy(() -> FrontendMessages.decode(type, buf, kind)).isExactlyInstanceOf(PgProtocolException.class);
    } finally {
      buf.release();
    }
  }

  static void assertStartupMalformed(byte[] payload) {
    ByteBuf buf = Unpooled.wrappedBuffer(payload);
    try {
      assertThatThrownBy(() -> FrontendMessages.decodeStartupPacket(buf)).isExactlyInstanceOf(PgProtocolException.class);
    } finally {
      buf.release();
    }
  }

  // ---------------------------------------------------------------- startup packets


  @Test
  void startupMessage30() {
    // 4 len + 4 version + "user\0"(5) + "alice\0"(6) + "database\0"(9) + "db\0"(3) + "\0"(1) = 32
    byte[] wire =
        wire().i32(32).hexBytes("00 03 00 00").cstr("user").cstr("alice").cstr("database").cstr("db").i8(0).build();
    LinkedHashMap<String, String> params = new LinkedHashMap<>();
    params.put("user", "alice");
    params.put("database", "db");
    StartupMessage expected = new StartupMessage(ProtocolVersion.V3_0, params);
    assertStartupBothWays(wire, expected);
    StartupMessage decoded = (StartupMessage) decodeStartup(wire);
    assertThat(decoded.parameters().sequencedKeySet()).containsExactly("user", "database");
    assertThat(decoded.user()).isEqualTo("alice");
    assertThat(decoded.database()).isEqualTo("db");
  }

  @Test
  void startupMessage32KeepsParameterOrder() {
    // 4 + 4 + "user\0"(5) + "bob\0"(4) + "application_name\0"(17) + "psql\0"(5) + 1 = 40
    byte[] wire =
        hex("00 00 00 28  00 03 00 02"
            + " 75 73 65 72 00  62 6f 62 00"
            + " 61 70 70 6c 69 63 61 74 69 6f 6e 5f 6e 61 6d 65 00  70 73 71 6c 00"
            + " 00");
    LinkedHashMap<String, String> params = new LinkedHashMap<>();
    params.put("user", "bob");
    params.put("application_name", "psql");
    StartupMessage expected = new StartupMessage(ProtocolVersion.V3_2, params);
    assertStartupBothWays(wire, expected);
    StartupMessage decoded = (StartupMessage) decodeStartup(wire);
    assertThat(decoded.version()).isEqualTo(new ProtocolVersion(3, 2));
    assertThat(decoded.parameters().sequencedKeySet()).containsExactly("user", "application_name");
    assertThat(decoded.database()).as("database defaults to the user").isEqualTo("bob");
  }

  @Test
  void startupMessageWithoutParameters() {
    // 4 + 4 + terminator = 9
    assertStartupBothWays(hex("00 00 00 09 00 03 00 00 00"), new StartupMessage(ProtocolVersion.V3_0, new LinkedHashMap<>()));
    assertThat(((StartupMessage) decodeStartup(hex("00 00 00 09 00 03 00 00 00"))).user()).isNull();
  }

  @Test
  void sslRequest() {
    // 80877103 = 0x04D2162F
    assertStartupBothWays(hex("00 00 00 08 04 d2 16 2f"), SslRequest.INSTANCE);
  }

  @Test
  void gssEncRequest() {
    // 80877104 = 0x04D21630
    assertStartupBothWays(hex("00 00 00 08 04 d2 16 30"), GssEncRequest.INSTANCE);
  }

  @Test
  void cancelRequestWith4ByteKey() {
    // 4 len + 4 code (80877102 = 0x04D2162E) + 4 pid (12345 = 0x3039) + 4 key = 16
    byte[] wire = hex("00 00 00 10 04 d2 16 2e 00 00 30 39 de ad be ef");
    assertStartupBothWays(wire, new CancelRequest(12345, Bytes.of(hex("deadbeef"))));
  }

  @Test
  void cancelRequestWith32ByteKey() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (0xA0 + i);
    }
    // 4 + 4 + 4 + 32 = 44 = 0x2c
    byte[] wire = wire().hexBytes("00 00 00 2c 04 d2 16 2e 7f ff ff ff").bytes(key).build();
    CancelRequest expected = new CancelRequest(Integer.MAX_VALUE, Bytes.of(key));
    assertStartupBothWays(wire, expected);
    assertThat(((CancelRequest) decodeStartup(wire)).secretKey().toArray()).isEqualTo(key);
  }

  @Test
  void malformedStartupPackets() {
    // empty payload: no code
    assertStartupMalformed(new byte[0]);
    // code truncated
    assertStartupMalformed(hex("00 03 00"));
    // protocol 3.0 with no terminator
    assertStartupMalformed(hex("00 03 00 00"));
    // name without NUL
    assertStartupMalformed(wire().hexBytes("00 03 00 00").ascii("user").build());
    // name without value
    assertStartupMalformed(wire().hexBytes("00 03 00 00").cstr("user").build());
    // value without terminating empty name
    assertStartupMalformed(wire().hexBytes("00 03 00 00").cstr("user").cstr("x").build());
    // trailing bytes after the terminator
    assertStartupMalformed(wire().hexBytes("00 03 00 00").cstr("user").cstr("x").i8(0).i8(7).build());
    // SSLRequest / GSSENCRequest with extra bytes
    assertStartupMalformed(hex("04 d2 16 2f 00"));
    assertStartupMalformed(hex("04 d2 16 30 00 00 00 00"));
    // CancelRequest: no pid, short pid, no key, 3-byte key, 257-byte key
    assertStartupMalformed(hex("04 d2 16 2e"));
    assertStartupMalformed(hex("04 d2 16 2e 00 00"));
    assertStartupMalformed(hex("04 d2 16 2e 00 00 30 39"));
    assertStartupMalformed(hex("04 d2 16 2e 00 00 30 39 01 02 03"));
    assertStartupMalformed(wire().hexBytes("04 d2 16 2e 00 00 30 39").bytes(new byte[257]).build());
  }

  @Test
  void cancelRequestAccepts256ByteKey() {
    byte[] key = new byte[256];
    Arrays.fill(key, (byte) 7);
    // 4 + 4 + 4 + 256 = 268 = 0x10c
    byte[] wire = wire().hexBytes("00 00 01 0c 04 d2 16 2e 00 00 00 01").bytes(key).build();
    assertStartupBothWays(wire, new CancelRequest(1, Bytes.of(key)));
  }

  @Test
  void unsupportedMajorVersionIsFeatureNotSupported() {
    ByteBuf payload = Unpooled.wrappedBuffer(wire().hexBytes("00 02 00 00").cstr("user").cstr("x").i8(0).build());
    try {
      assertThatThrownBy(() -> FrontendMessages.decodeStartupPacket(payload))
          .isExactlyInstanceOf(PgProtocolException.class)
          .extracting(e -> ((PgProtocolException) e).sqlState())
          .isEqualTo(SqlState.FEATURE_NOT_SUPPORTED);
    } finally {
      payload.release();
    }
  }

  @Test
  void duplicateParameterIsProtocolViolation() {
    ByteBuf payload =
        Unpooled.wrappedBuffer(wire().hexBytes("00 03 00 00").cstr("user").cstr("a").cstr("user").cstr("b").i8(0).build());
    try {
      assertThatThrownBy(() -> FrontendMessages.decodeStartupPacket(payload))
          .isExactlyInstanceOf(PgProtocolException.class)
          .hasMessageContaining("user")
          .extracting(e -> ((PgProtocolException) e).sqlState())
          .isEqualTo(SqlState.PROTOCOL_VIOLATION);
    } finally {
      payload.release();
    }
  }

  // ---------------------------------------------------------------- simple and extended query

  @Test
  void query() {
    // 'Q', 4 + "SELECT 1\0"(9) = 13
    assertBothWays(hex("51 00 00 00 0d 53 45 4c 45 43 54 20 31 00"), new Query("SELECT 1"));
  }

  @Test
  void queryWithUtf8() {
    // "SELECT 'é'" is 6+1+1+2+1 = 11 UTF-8 bytes, + NUL = 12, + 4 = 16
    assertBothWays(hex("51 00 00 00 10 53 45 4c 45 43 54 20 27 c3 a9 27 00"), new Query("SELECT 'é'"));
  }

  @Test
  void emptyQuery() {
    assertBothWays(hex("51 00 00 00 05 00"), new Query(""));
  }

  @Test
  void parse() {
    // 4 + "s1\0"(3) + "SELECT $1\0"(10) + Int16 1 (2) + Int32 23 (4) = 23
    byte[] wire = wire().type('P').i32(23).cstr("s1").cstr("SELECT $1").i16(1).i32(23).build();
    assertBothWays(wire, new Parse("s1", "SELECT $1", List.of(23)));
  }

  @Test
  void parseUnnamedWithoutTypes() {
    // 4 + "\0"(1) + "SELECT 1\0"(9) + Int16 0 (2) = 16
    assertBothWays(hex("50 00 00 00 10 00 53 45 4c 45 43 54 20 31 00 00 00"), new Parse("", "SELECT 1", List.of()));
  }

  @Test
  void bindWithTextBinaryAndNullParameters() {
    // 4 + "p1\0"(3) + "s1\0"(3) + formats 2+3*2 (8) + values count (2) + "42" 4+2 (6) + int4 4+4 (8)
    //   + NULL 4 (4) + result formats 2+2 (4) = 42
    byte[] wire =
        hex("42 00 00 00 2a"
            + " 70 31 00  73 31 00"
            + " 00 03  00 00  00 01  00 00"
            + " 00 03  00 00 00 02 34 32  00 00 00 04 00 00 00 07  ff ff ff ff"
            + " 00 01  00 01");
    Bind expected = new Bind("p1", "s1", List.of(0, 1, 0), Arrays.asList(utf8("42"), hex("00000007"), null), List.of(1));
    assertThat(encode(expected)).isEqualTo(wire);
    Bind decoded = (Bind) decodeTyped(wire, null);
    assertThat(decoded).usingRecursiveComparison().isEqualTo(expected);
    assertThat(decoded.parameterValues()).hasSize(3);
    assertThat(decoded.parameterValues().get(0)).isEqualTo(utf8("42"));
    assertThat(decoded.parameterValues().get(1)).isEqualTo(hex("00000007"));
    assertThat(decoded.parameterValues().get(2)).isNull();
    assertThat(decoded.parameterFormat(0)).isZero();
    assertThat(decoded.parameterFormat(1)).isEqualTo(1);
    assertThat(decoded.parameterFormat(2)).isZero();
  }

  @Test
  void bindEmptyWithUnnamedPortalAndStatement() {
    // 4 + "\0" + "\0" + 00 00 + 00 00 + 00 00 = 12
    byte[] wire = hex("42 00 00 00 0c 00 00 00 00 00 00 00 00");
    Bind expected = new Bind("", "", List.of(), List.of(), List.of());
    assertThat(encode(expected)).isEqualTo(wire);
    assertThat(decodeTyped(wire, null)).usingRecursiveComparison().isEqualTo(expected);
  }

  @Test
  void bindWithFormatCountOtherThanZeroOneOrOnePerValue() {
    // 2 formats for 3 values: PostgreSQL rejects it, and parameterFormat(2) would have nothing to return
    assertMalformed('B', hex("00 00  00 02 00 00 00 01  00 03 ff ff ff ff ff ff ff ff ff ff ff ff  00 00"));
    // 2 formats for no values
    assertMalformed('B', hex("00 00  00 02 00 00 00 01  00 00  00 00"));
    // 1 format for 3 values is fine: it applies to all
    // 4 + "\0" + "\0" + (2+2) + (2+3*4) + 2 = 26
    byte[] wire = hex("42 00 00 00 1a 00 00  00 01 00 01  00 03 ff ff ff ff ff ff ff ff ff ff ff ff  00 00");
    Bind bind = (Bind) decodeTyped(wire, null);
    assertThat(bind.parameterFormat(2)).isEqualTo(1);
    assertThat(encode(bind)).isEqualTo(wire);
  }

  @Test
  void bindParameterFormatRules() {
    Bind noFormats = new Bind("", "", List.of(), Arrays.asList(new byte[0], new byte[0]), List.of());
    assertThat(noFormats.parameterFormat(1)).as("no formats: all text").isZero();
    Bind oneFormat = new Bind("", "", List.of(1), Arrays.asList(new byte[0], new byte[0]), List.of());
    assertThat(oneFormat.parameterFormat(0)).isEqualTo(1);
    assertThat(oneFormat.parameterFormat(1)).as("one format applies to all").isEqualTo(1);
  }

  @Test
  void execute() {
    // 4 + "\0" + Int32 0 = 9
    assertBothWays(hex("45 00 00 00 09 00 00 00 00 00"), new Execute("", 0));
    // 4 + "p1\0"(3) + Int32 100 = 11
    assertBothWays(hex("45 00 00 00 0b 70 31 00 00 00 00 64"), new Execute("p1", 100));
  }

  @Test
  void describe() {
    // 4 + 'S' + "s1\0" = 8
    assertBothWays(hex("44 00 00 00 08 53 73 31 00"), new Describe(Target.STATEMENT, "s1"));
    // 4 + 'P' + "\0" = 6
    assertBothWays(hex("44 00 00 00 06 50 00"), new Describe(Target.PORTAL, ""));
  }

  @Test
  void close() {
    assertBothWays(hex("43 00 00 00 08 53 73 31 00"), new Close(Target.STATEMENT, "s1"));
    assertBothWays(hex("43 00 00 00 06 50 00"), new Close(Target.PORTAL, ""));
  }

  @Test
  void sync() {
    assertBothWays(hex("53 00 00 00 04"), Sync.INSTANCE);
  }

  @Test
  void flush() {
    assertBothWays(hex("48 00 00 00 04"), Flush.INSTANCE);
  }

  @Test
  void terminate() {
    assertBothWays(hex("58 00 00 00 04"), Terminate.INSTANCE);
  }

  // ---------------------------------------------------------------- COPY and function call

  @Test
  void copyData() {
    // 4 + "1\tfoo\n"(6) = 10
    assertBothWays(hex("64 00 00 00 0a 31 09 66 6f 6f 0a"), new CopyData(Bytes.of(utf8("1\tfoo\n"))));
    assertBothWays(hex("64 00 00 00 04"), new CopyData(Bytes.of(new byte[0])));
  }

  @Test
  void copyDone() {
    assertBothWays(hex("63 00 00 00 04"), CopyDone.INSTANCE);
  }

  @Test
  void copyFail() {
    // 4 + "oops\0"(5) = 9
    assertBothWays(hex("66 00 00 00 09 6f 6f 70 73 00"), new CopyFail("oops"));
  }

  @Test
  void functionCall() {
    // 4 + oid 4 + formats 2+2 + args count 2 + (4+4) + NULL 4 + result format 2 = 28
    byte[] wire =
        hex("46 00 00 00 1c  00 00 06 3e  00 01 00 01  00 02  00 00 00 04 00 00 00 05  ff ff ff ff  00 01");
    FunctionCall expected = new FunctionCall(1598, List.of(1), Arrays.asList(hex("00000005"), null), 1);
    assertThat(encode(expected)).isEqualTo(wire);
    FunctionCall decoded = (FunctionCall) decodeTyped(wire, null);
    assertThat(decoded).usingRecursiveComparison().isEqualTo(expected);
    assertThat(decoded.arguments().get(1)).isNull();
    assertThat(decoded.resultFormat()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- authentication responses ('p')

  @Test
  void passwordMessage() {
    // 4 + "secret\0"(7) = 11
    assertBothWays(hex("70 00 00 00 0b 73 65 63 72 65 74 00"), new PasswordMessage("secret"), AuthenticationResponseKind.PASSWORD);
    assertThat(new PasswordMessage("secret").toString()).doesNotContain("secret".substring(1));
  }

  @Test
  void saslInitialResponse() {
    // 4 + "SCRAM-SHA-256\0"(14) + Int32 11 + "n,,n=,r=abc"(11) = 33
    byte[] wire = wire().type('p').i32(33).cstr("SCRAM-SHA-256").i32(11).ascii("n,,n=,r=abc").build();
    SaslInitialResponse expected = new SaslInitialResponse("SCRAM-SHA-256", Bytes.of(utf8("n,,n=,r=abc")));
    assertBothWays(wire, expected, AuthenticationResponseKind.SASL_INITIAL);
    assertThat(((SaslInitialResponse) decodeTyped(wire, AuthenticationResponseKind.SASL_INITIAL)).data().toArray())
        .isEqualTo(utf8("n,,n=,r=abc"));
  }

  @Test
  void saslInitialResponseWithoutData() {
    // length -1: no initial response; 4 + 14 + 4 = 22
    byte[] wire = wire().type('p').i32(22).cstr("SCRAM-SHA-256").i32(-1).build();
    SaslInitialResponse expected = new SaslInitialResponse("SCRAM-SHA-256", null);
    assertBothWays(wire, expected, AuthenticationResponseKind.SASL_INITIAL);
    assertThat(((SaslInitialResponse) decodeTyped(wire, AuthenticationResponseKind.SASL_INITIAL)).data()).isNull();
  }

  @Test
  void saslInitialResponseWithEmptyData() {
    // length 0 is an empty response, not a missing one
    byte[] wire = wire().type('p').i32(22).cstr("SCRAM-SHA-256").i32(0).build();
    SaslInitialResponse decoded = (SaslInitialResponse) decodeTyped(wire, AuthenticationResponseKind.SASL_INITIAL);
    assertThat(decoded.data().toArray()).isEmpty();
    assertThat(decoded).isNotEqualTo(new SaslInitialResponse("SCRAM-SHA-256", null));
    assertThat(encode(decoded)).isEqualTo(wire);
  }

  @Test
  void saslResponse() {
    // 4 + "c=biws,r=abc,p=xyz"(18) = 22
    byte[] wire = wire().type('p').i32(22).ascii("c=biws,r=abc,p=xyz").build();
    assertBothWays(wire, new SaslResponse(Bytes.of(utf8("c=biws,r=abc,p=xyz"))), AuthenticationResponseKind.SASL);
  }

  @Test
  void gssResponse() {
    assertBothWays(hex("70 00 00 00 06 60 81"), new GssResponse(Bytes.of(hex("6081"))), AuthenticationResponseKind.GSS);
  }

  @Test
  void theSameBytesDecodeByAuthenticationKind() {
    // 4 + "abc\0" = 8
    byte[] wire = hex("70 00 00 00 08 61 62 63 00");
    assertThat(decodeTyped(wire, AuthenticationResponseKind.PASSWORD)).isEqualTo(new PasswordMessage("abc"));
    assertThat(decodeTyped(wire, AuthenticationResponseKind.SASL)).isEqualTo(new SaslResponse(Bytes.of(hex("61626300"))));
    assertThat(decodeTyped(wire, AuthenticationResponseKind.GSS)).isEqualTo(new GssResponse(Bytes.of(hex("61626300"))));
  }

  @Test
  void authenticationResponseWithoutKindIsProtocolViolation() {
    // a 'p' message when no authentication exchange is running must not crash the decoder
    assertMalformed((byte) 'p', hex("61 62 63 00"), null);
  }

  // ---------------------------------------------------------------- unknown types

  @Test
  void unknownTypeIsCarriedUntouched() {
    assertBothWays(hex("7a 00 00 00 07 01 02 03"), new UnknownFrontendMessage((byte) 'z', Bytes.of(hex("010203"))));
    assertBothWays(hex("ff 00 00 00 04"), new UnknownFrontendMessage((byte) 0xFF, Bytes.of(new byte[0])));
  }

  @Test
  void unknownTypeIsPassedThroughWhateverTheAuthKind() {
    assertThat(decodeTyped(hex("7a 00 00 00 05 00"), null)).isEqualTo(new UnknownFrontendMessage((byte) 'z', Bytes.of(hex("00"))));
  }

  // ---------------------------------------------------------------- malformed bodies

  @Test
  void malformedQuery() {
    assertMalformed('Q', new byte[0]);
    assertMalformed('Q', utf8("abc")); // missing NUL
    assertMalformed('Q', hex("61 00 62")); // trailing bytes
  }

  @Test
  void malformedParse() {
    assertMalformed('P', hex("00")); // no query
    assertMalformed('P', hex("00 00")); // no count
    assertMalformed('P', hex("00 00 00")); // half a count
    assertMalformed('P', hex("00 00 00 02 00 00 00 17")); // count 2, one OID
    assertMalformed('P', hex("00 00 ff ff")); // count 65535, nothing
    assertMalformed('P', hex("00 00 00 00 00")); // trailing byte
  }

  @Test
  void malformedBind() {
    assertMalformed('B', hex("00")); // no statement
    assertMalformed('B', hex("00 00")); // no format count
    assertMalformed('B', hex("00 00 00 02 00 00")); // 2 formats, 1 present
    assertMalformed('B', hex("00 00 00 00")); // no value count
    assertMalformed('B', hex("00 00 00 00 00 01 ff ff ff fe 00 00")); // length -2
    assertMalformed('B', hex("00 00 00 00 00 01 80 00 00 00 00 00")); // length MIN_VALUE
    assertMalformed('B', hex("00 00 00 00 00 01 00 00 00 05 61 00 00")); // length beyond the body
    assertMalformed('B', hex("00 00 00 00 00 01 7f ff ff ff")); // length 2^31-1
    assertMalformed('B', hex("00 00 00 00 ff ff 00 00 00 00")); // 65535 values, one present
    assertMalformed('B', hex("00 00 00 00 00 00")); // no result format count
    assertMalformed('B', hex("00 00 00 00 00 00 00 01")); // 1 result format, none present
    assertMalformed('B', hex("00 00 00 00 00 00 00 00 00")); // trailing byte
  }

  @Test
  void malformedExecuteDescribeClose() {
    assertMalformed('E', hex("00"));
    assertMalformed('E', hex("00 00 00"));
    assertMalformed('E', hex("00 00 00 00 00 00"));
    assertMalformed('E', hex("61 62"));
    assertMalformed('D', new byte[0]);
    assertMalformed('D', hex("53"));
    assertMalformed('D', hex("58 00")); // target 'X'
    assertMalformed('D', hex("53 00 00"));
    assertMalformed('C', new byte[0]);
    assertMalformed('C', hex("00 00")); // target NUL
    assertMalformed('C', hex("50 61"));
  }

  @Test
  void fieldlessMessagesRejectABody() {
    for (char t : new char[] {'S', 'H', 'X', 'c'}) {
      assertMalformed(t, hex("00"));
    }
  }

  @Test
  void malformedCopyFailAndFunctionCall() {
    assertMalformed('f', utf8("oops"));
    assertMalformed('f', hex("00 00"));
    assertMalformed('F', hex("00 00 06"));
    assertMalformed('F', hex("00 00 06 3e 00 00 00 00")); // no result format
    assertMalformed('F', hex("00 00 06 3e 00 00 00 00 00")); // half a result format
    assertMalformed('F', hex("00 00 06 3e 00 00 00 01 ff ff ff fd 00 00")); // arg length -3
    assertMalformed('F', hex("00 00 06 3e 00 00 00 00 00 00 00")); // trailing byte
  }

  @ParameterizedTest
  @EnumSource(AuthenticationResponseKind.class)
  void malformedAuthenticationResponses(AuthenticationResponseKind kind) {
    switch (kind) {
      case PASSWORD -> {
        assertMalformed((byte) 'p', utf8("secret"), kind);
        assertMalformed((byte) 'p', hex("61 00 62"), kind);
      }
      case SASL_INITIAL -> {
        assertMalformed((byte) 'p', utf8("SCRAM"), kind); // no NUL
        assertMalformed((byte) 'p', hex("41 00 00 00"), kind); // half a length
        assertMalformed((byte) 'p', hex("41 00 ff ff ff fe"), kind); // length -2
        assertMalformed((byte) 'p', hex("41 00 80 00 00 00"), kind); // length MIN_VALUE
        assertMalformed((byte) 'p', hex("41 00 00 00 00 03 61 62"), kind); // beyond the body
        assertMalformed((byte) 'p', hex("41 00 ff ff ff ff 00"), kind); // -1 then trailing byte
        assertMalformed((byte) 'p', hex("41 00 00 00 00 01 61 62"), kind); // trailing byte
      }
      case SASL, GSS -> {
        // any bytes are valid data; nothing can be malformed, but it must not throw either
        ByteBuf body = Unpooled.wrappedBuffer(hex("00 ff 00"));
        try {
          assertThat(FrontendMessages.decode((byte) 'p', body, kind)).isNotNull();
        } finally {
          body.release();
        }
      }
    }
  }

  // ---------------------------------------------------------------- records

  @Test
  void recordsCopyTheirArrays() {
    byte[] data = utf8("abc");
    CopyData copy = new CopyData(Bytes.of(data));
    data[0] = 'x';
    assertThat(copy.data().toArray()).isEqualTo(utf8("abc"));
    copy.data().toArray()[0] = 'y';
    assertThat(copy.data().toArray()).isEqualTo(utf8("abc"));
    assertThat(new CancelRequest(1, Bytes.of(hex("01020304"))).toString()).doesNotContain("01020304");
  }

  @Test
  void recordValidation() {
    assertThatThrownBy(() -> new CancelRequest(1, Bytes.of(new byte[3]))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CancelRequest(1, Bytes.of(new byte[257]))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> encode(new Query("a\0b"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(Target.fromCode((byte) 'S')).isEqualTo(Target.STATEMENT);
    assertThat(Target.fromCode((byte) 'P')).isEqualTo(Target.PORTAL);
    assertThatThrownBy(() -> Target.fromCode((byte) 's')).isExactlyInstanceOf(PgProtocolException.class);
  }
}
