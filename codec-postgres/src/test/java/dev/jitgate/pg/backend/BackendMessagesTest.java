package dev.jitgate.pg.backend;

import dev.jitgate.pg.ProtocolVersion;

import static dev.jitgate.pg.Wire.hex;
import static dev.jitgate.pg.Wire.utf8;
import static dev.jitgate.pg.Wire.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.pg.Bytes;
import dev.jitgate.pg.PgProtocolException;
import dev.jitgate.pg.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One test per backend message, both ways: {@code decode(bytes)} gives the record and
 * {@code encode(record)} gives exactly the bytes. Expected bytes are written by hand from
 * https://www.postgresql.org/docs/current/protocol-message-formats.html.
 */
class BackendMessagesTest {

  // ---------------------------------------------------------------- helpers

  static BackendMessage decodeTyped(byte[] message) {
    int lengthWord = ((message[1] & 0xFF) << 24) | ((message[2] & 0xFF) << 16) | ((message[3] & 0xFF) << 8) | (message[4] & 0xFF);
    assertThat(lengthWord).as("hand-written length word").isEqualTo(message.length - 1);
    ByteBuf body = Unpooled.wrappedBuffer(message, 5, message.length - 5);
    try {
      BackendMessage m = BackendMessages.decode(message[0], body);
      assertThat(body.isReadable()).as("body fully consumed").isFalse();
      return m;
    } finally {
      body.release();
    }
  }

  static byte[] encode(BackendMessage m) {
    ByteBuf out = Unpooled.buffer();
    try {
      BackendMessages.encode(m, out);
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  static void assertBothWays(byte[] wire, BackendMessage expected) {
    assertThat(decodeTyped(wire)).isEqualTo(expected);
    assertThat(encode(expected)).as("encoded bytes").isEqualTo(wire);
  }

  /** For records holding lists of arrays, whose record equality is by identity. */
  static void assertBothWaysByContent(byte[] wire, BackendMessage expected) {
    assertThat(decodeTyped(wire)).usingRecursiveComparison().isEqualTo(expected);
    assertThat(encode(expected)).as("encoded bytes").isEqualTo(wire);
  }

  static void assertMalformed(char type, byte[] body) {
    ByteBuf buf = Unpooled.wrappedBuffer(body);
    try {
      assertThatThrownBy(() -> BackendMessages.decode((byte) type, buf)).isExactlyInstanceOf(PgProtocolException.class);
    } finally {
      buf.release();
    }
  }

  // ---------------------------------------------------------------- Authentication family

  @Test
  void authenticationOk() {
    assertBothWays(hex("52 00 00 00 08 00 00 00 00"), AuthenticationOk.INSTANCE);
  }

  @Test
  void authenticationKerberosV5() {
    assertBothWays(hex("52 00 00 00 08 00 00 00 02"), AuthenticationKerberosV5.INSTANCE);
  }

  @Test
  void authenticationCleartextPassword() {
    assertBothWays(hex("52 00 00 00 08 00 00 00 03"), AuthenticationCleartextPassword.INSTANCE);
  }

  @Test
  void authenticationMd5Password() {
    AuthenticationMd5Password expected = new AuthenticationMd5Password(Bytes.of(hex("01020304")));
    assertBothWays(hex("52 00 00 00 0c 00 00 00 05 01 02 03 04"), expected);
    assertThat(((AuthenticationMd5Password) decodeTyped(hex("52 00 00 00 0c 00 00 00 05 01 02 03 04"))).salt().toArray())
        .isEqualTo(hex("01020304"));
  }

  @Test
  void authenticationScmCredential() {
    assertBothWays(hex("52 00 00 00 08 00 00 00 06"), AuthenticationScmCredential.INSTANCE);
  }

  @Test
  void authenticationGss() {
    assertBothWays(hex("52 00 00 00 08 00 00 00 07"), AuthenticationGss.INSTANCE);
  }

  @Test
  void authenticationGssContinue() {
    // 4 + code 4 + 2 data = 10
    assertBothWays(hex("52 00 00 00 0a 00 00 00 08 a1 b2"), new AuthenticationGssContinue(Bytes.of(hex("a1b2"))));
  }

  @Test
  void authenticationSspi() {
    assertBothWays(hex("52 00 00 00 08 00 00 00 09"), AuthenticationSspi.INSTANCE);
  }

  @Test
  void authenticationSasl() {
    // 4 + code 4 + "SCRAM-SHA-256\0"(14) + "SCRAM-SHA-256-PLUS\0"(19) + "\0"(1) = 42
    byte[] wire = wire().type('R').i32(42).i32(10).cstr("SCRAM-SHA-256").cstr("SCRAM-SHA-256-PLUS").i8(0).build();
    assertBothWays(wire, new AuthenticationSasl(List.of("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS")));
  }

  @Test
  void authenticationSaslContinue() {
    // 4 + 4 + "r=x,s=c2FsdA==,i=4096"(21) = 29
    byte[] wire = wire().type('R').i32(29).i32(11).ascii("r=x,s=c2FsdA==,i=4096").build();
    assertBothWays(wire, new AuthenticationSaslContinue(Bytes.of(utf8("r=x,s=c2FsdA==,i=4096"))));
  }

  @Test
  void authenticationSaslFinal() {
    // 4 + 4 + "v=abc"(5) = 13
    assertBothWays(hex("52 00 00 00 0d 00 00 00 0c 76 3d 61 62 63"), new AuthenticationSaslFinal(Bytes.of(utf8("v=abc"))));
  }

  @Test
  void unknownAuthenticationCodeIsCarriedWhole() {
    // code 99 with two bytes of payload; the body of the unknown message starts at the code
    byte[] wire = hex("52 00 00 00 0a 00 00 00 63 ab cd");
    assertBothWays(wire, new UnknownBackendMessage((byte) 'R', Bytes.of(hex("00000063abcd"))));
    // codes 1 and 4 are unused by the protocol
    assertThat(decodeTyped(hex("52 00 00 00 08 00 00 00 01"))).isEqualTo(new UnknownBackendMessage((byte) 'R', Bytes.of(hex("00000001"))));
    assertThat(decodeTyped(hex("52 00 00 00 08 00 00 00 04"))).isEqualTo(new UnknownBackendMessage((byte) 'R', Bytes.of(hex("00000004"))));
    assertThat(decodeTyped(hex("52 00 00 00 08 ff ff ff ff"))).isEqualTo(new UnknownBackendMessage((byte) 'R', Bytes.of(hex("ffffffff"))));
  }

  @Test
  void authenticationCodes() {
    assertThat(AuthenticationOk.INSTANCE.code()).isZero();
    assertThat(AuthenticationKerberosV5.INSTANCE.code()).isEqualTo(2);
    assertThat(AuthenticationCleartextPassword.INSTANCE.code()).isEqualTo(3);
    assertThat(new AuthenticationMd5Password(Bytes.of(new byte[4])).code()).isEqualTo(5);
    assertThat(AuthenticationScmCredential.INSTANCE.code()).isEqualTo(6);
    assertThat(AuthenticationGss.INSTANCE.code()).isEqualTo(7);
    assertThat(new AuthenticationGssContinue(Bytes.of(new byte[0])).code()).isEqualTo(8);
    assertThat(AuthenticationSspi.INSTANCE.code()).isEqualTo(9);
    assertThat(new AuthenticationSasl(List.of()).code()).isEqualTo(10);
    assertThat(new AuthenticationSaslContinue(Bytes.of(new byte[0])).code()).isEqualTo(11);
    assertThat(new AuthenticationSaslFinal(Bytes.of(new byte[0])).code()).isEqualTo(12);
  }

  // ---------------------------------------------------------------- startup and status

  @Test
  void backendKeyDataWith4ByteKey() {
    // 4 + pid 4 + key 4 = 12
    BackendKeyData expected = new BackendKeyData(12345, Bytes.of(hex("deadbeef")));
    assertBothWays(hex("4b 00 00 00 0c 00 00 30 39 de ad be ef"), expected);
  }

  @Test
  void backendKeyDataWith32ByteKey() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (0xF0 - i);
    }
    // 4 + 4 + 32 = 40 = 0x28
    byte[] wire = wire().hexBytes("4b 00 00 00 28 00 00 04 d2").bytes(key).build();
    assertBothWays(wire, new BackendKeyData(1234, Bytes.of(key)));
    assertThat(((BackendKeyData) decodeTyped(wire)).secretKey().toArray()).isEqualTo(key);
  }

  @Test
  void parameterStatus() {
    // 4 + "client_encoding\0"(16) + "UTF8\0"(5) = 25
    byte[] wire = wire().type('S').i32(25).cstr("client_encoding").cstr("UTF8").build();
    assertBothWays(wire, new ParameterStatus("client_encoding", "UTF8"));
  }

  @Test
  void readyForQuery() {
    assertBothWays(hex("5a 00 00 00 05 49"), ReadyForQuery.IDLE);
    assertBothWays(hex("5a 00 00 00 05 54"), new ReadyForQuery(ReadyForQuery.TransactionStatus.IN_TRANSACTION));
    assertBothWays(hex("5a 00 00 00 05 45"), new ReadyForQuery(ReadyForQuery.TransactionStatus.FAILED));
  }

  @Test
  void readyForQueryWithInvalidStatus() {
    assertMalformed('Z', hex("58"));
    assertMalformed('Z', hex("69"));
    assertMalformed('Z', new byte[0]);
    assertMalformed('Z', hex("49 49"));
  }

  @Test
  void negotiateProtocolVersion() {
    // 4 + version 4 + count 4 + "_pq_.foo\0"(9) = 21; PostgreSQL sends the full version code 3.0 = 0x00030000
    byte[] wire = wire().type('v').i32(21).i32(0x0003_0000).i32(1).cstr("_pq_.foo").build();
    assertBothWays(wire, new NegotiateProtocolVersion(ProtocolVersion.V3_0, List.of("_pq_.foo")));
    // 4 + 4 + 4 = 12, no options, version 3.2
    assertBothWays(hex("76 00 00 00 0c 00 03 00 02 00 00 00 00"), new NegotiateProtocolVersion(ProtocolVersion.V3_2, List.of()));
    // a bare minor number, as the documentation words it, is read as 3.minor
    ByteBuf body = Unpooled.wrappedBuffer(hex("00 00 00 02 00 00 00 00"));
    assertThat(((NegotiateProtocolVersion) BackendMessages.decode((byte) 'v', body)).newestVersion())
        .isEqualTo(ProtocolVersion.V3_2);
    body.release();
  }

  // ---------------------------------------------------------------- extended protocol

  @Test
  void parseComplete() {
    assertBothWays(hex("31 00 00 00 04"), ParseComplete.INSTANCE);
  }

  @Test
  void bindComplete() {
    assertBothWays(hex("32 00 00 00 04"), BindComplete.INSTANCE);
  }

  @Test
  void closeComplete() {
    assertBothWays(hex("33 00 00 00 04"), CloseComplete.INSTANCE);
  }

  @Test
  void noData() {
    assertBothWays(hex("6e 00 00 00 04"), NoData.INSTANCE);
  }

  @Test
  void portalSuspended() {
    assertBothWays(hex("73 00 00 00 04"), PortalSuspended.INSTANCE);
  }

  @Test
  void emptyQueryResponse() {
    assertBothWays(hex("49 00 00 00 04"), EmptyQueryResponse.INSTANCE);
  }

  @Test
  void parameterDescription() {
    // 4 + count 2 + 2 OIDs 8 = 14
    assertBothWays(hex("74 00 00 00 0e 00 02 00 00 00 17 00 00 00 19"), new ParameterDescription(List.of(23, 25)));
    assertBothWays(hex("74 00 00 00 06 00 00"), new ParameterDescription(List.of()));
  }

  @Test
  void rowDescription() {
    // 4 + count 2 + "id\0"(3) + table 4 + column 2 + type 4 + size 2 + typmod 4 + format 2 = 27
    byte[] wire = hex("54 00 00 00 1b 00 01 69 64 00 00 00 40 00 00 01 00 00 00 17 00 04 ff ff ff ff 00 00");
    RowDescription expected =
        new RowDescription(List.of(new RowDescription.Field("id", 16384, (short) 1, 23, (short) 4, -1, (short) 0)));
    assertBothWays(wire, expected);
  }

  @Test
  void rowDescriptionWithTwoFields() {
    // 4 + 2 + ("a\0" 2 + 18) + ("?column?\0" 9 + 18) = 53
    byte[] wire =
        wire().type('T').i32(53).i16(2)
            .cstr("a").i32(0).i16(0).i32(25).i16(-1).i32(-1).i16(0)
            .cstr("?column?").i32(0).i16(0).i32(23).i16(4).i32(-1).i16(1)
            .build();
    RowDescription expected =
        new RowDescription(
            List.of(
                new RowDescription.Field("a", 0, (short) 0, 25, (short) -1, -1, (short) 0),
                new RowDescription.Field("?column?", 0, (short) 0, 23, (short) 4, -1, (short) 1)));
    assertBothWays(wire, expected);
  }

  @Test
  void dataRowWithNull() {
    // 4 + count 2 + ("1": 4+1) + (NULL: 4) + ("": 4+0) = 19
    byte[] wire = hex("44 00 00 00 13 00 03 00 00 00 01 31 ff ff ff ff 00 00 00 00");
    DataRow expected = new DataRow(Arrays.asList(utf8("1"), null, new byte[0]));
    assertBothWaysByContent(wire, expected);
    DataRow decoded = (DataRow) decodeTyped(wire);
    assertThat(decoded.columns().get(0)).isEqualTo(utf8("1"));
    assertThat(decoded.columns().get(1)).isNull();
    assertThat(decoded.columns().get(2)).isEmpty();
  }

  @Test
  void dataRowWithoutColumns() {
    assertBothWaysByContent(hex("44 00 00 00 06 00 00"), new DataRow(List.of()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SELECT 5       | 5",
        "INSERT 0 1     | 1",
        "UPDATE 42      | 42",
        "DELETE 0       | 0",
        "COPY 3         | 3",
        "FETCH 10       | 10",
        "MERGE 7        | 7",
        "SELECT 4294967296 | 4294967296",
        "BEGIN          | -1",
        "CREATE TABLE   | -1",
        "''             | -1",
      })
  void commandComplete(String tag, long rows) {
    byte[] tagBytes = utf8(tag);
    byte[] wire = wire().type('C').i32(4 + tagBytes.length + 1).bytes(tagBytes).i8(0).build();
    assertBothWays(wire, new CommandComplete(tag));
    assertThat(((CommandComplete) decodeTyped(wire)).rows()).isEqualTo(rows);
  }

  @Test
  void commandCompleteBytes() {
    // 4 + "SELECT 5\0"(9) = 13
    assertBothWays(hex("43 00 00 00 0d 53 45 4c 45 43 54 20 35 00"), new CommandComplete("SELECT 5"));
  }

  @Test
  void functionCallResponse() {
    // 4 + length 4 + value 4 = 12
    assertBothWays(hex("56 00 00 00 0c 00 00 00 04 00 00 00 2a"), new FunctionCallResponse(Bytes.of(hex("0000002a"))));
  }

  @Test
  void functionCallResponseNull() {
    assertBothWays(hex("56 00 00 00 08 ff ff ff ff"), new FunctionCallResponse(null));
    assertThat(((FunctionCallResponse) decodeTyped(hex("56 00 00 00 08 ff ff ff ff"))).value()).isNull();
    // zero length is an empty value, not NULL
    assertThat(((FunctionCallResponse) decodeTyped(hex("56 00 00 00 08 00 00 00 00"))).value().toArray()).isEmpty();
  }

  @Test
  void notificationResponse() {
    // 4 + pid 4 + "chan\0"(5) + "payload\0"(8) = 21
    byte[] wire = wire().type('A').i32(21).i32(12345).cstr("chan").cstr("payload").build();
    assertBothWays(wire, new NotificationResponse(12345, "chan", "payload"));
  }

  // ---------------------------------------------------------------- COPY

  @Test
  void copyInResponse() {
    // 4 + format 1 + count 2 + 2 formats 4 = 11
    assertBothWays(hex("47 00 00 00 0b 00 00 02 00 00 00 00"), new CopyInResponse(0, List.of(0, 0)));
  }

  @Test
  void copyOutResponse() {
    // 4 + 1 + 2 + 2 = 9
    assertBothWays(hex("48 00 00 00 09 01 00 01 00 01"), new CopyOutResponse(1, List.of(1)));
  }

  @Test
  void copyBothResponse() {
    // 4 + 1 + 2 = 7
    assertBothWays(hex("57 00 00 00 07 00 00 00"), new CopyBothResponse(0, List.of()));
  }

  @Test
  void copyData() {
    assertBothWays(hex("64 00 00 00 0a 31 09 66 6f 6f 0a"), new CopyData(Bytes.of(utf8("1\tfoo\n"))));
  }

  @Test
  void copyDone() {
    assertBothWays(hex("63 00 00 00 04"), CopyDone.INSTANCE);
  }

  // ---------------------------------------------------------------- errors and notices

  @Test
  void errorResponseKeepsUnknownFields() {
    // 4 + ('S' "ERROR\0" 7) + ('C' "42601\0" 7) + ('M' "syntax error\0" 14) + ('Y' "zz\0" 4) + 0 = 37
    byte[] wire =
        wire().type('E').i32(37)
            .type('S').cstr("ERROR")
            .type('C').cstr("42601")
            .type('M').cstr("syntax error")
            .type('Y').cstr("zz")
            .i8(0)
            .build();
    LinkedHashMap<Character, String> fields = new LinkedHashMap<>();
    fields.put('S', "ERROR");
    fields.put('C', "42601");
    fields.put('M', "syntax error");
    fields.put('Y', "zz");
    ErrorResponse expected = new ErrorResponse(new ErrorFields(fields));
    assertBothWays(wire, expected);
    ErrorResponse decoded = (ErrorResponse) decodeTyped(wire);
    assertThat(decoded.severity()).isEqualTo("ERROR");
    assertThat(decoded.sqlState()).isEqualTo("42601");
    assertThat(decoded.message()).isEqualTo("syntax error");
    assertThat(decoded.fields().values().sequencedKeySet()).containsExactly('S', 'C', 'M', 'Y');
    assertThat(decoded.fields().values()).containsEntry('Y', "zz");
    assertThat(decoded.fields().detail()).isNull();
    assertThat(decoded.fields().hint()).isNull();
  }

  @Test
  void errorResponseWithHighUnknownFieldCode() {
    // field code 0xC3 (not ASCII) with value "x"; 4 + (1 + 2) + 1 = 8
    byte[] wire = hex("45 00 00 00 08 c3 78 00 00");
    ErrorResponse decoded = (ErrorResponse) decodeTyped(wire);
    assertThat(decoded.fields().values()).containsExactly(java.util.Map.entry((char) 0xC3, "x"));
    assertThat(decoded.sqlState()).as("a broken server may send no SQLSTATE").isNull();
    assertThat(encode(decoded)).isEqualTo(wire);
  }

  @Test
  void errorResponseFatalBuilder() {
    // 4 + ('S' "FATAL\0" 7) + ('V' "FATAL\0" 7) + ('C' "28P01\0" 7) + ('M' "bad\0" 5) + 0 = 31
    byte[] wire =
        hex("45 00 00 00 1f"
            + " 53 46 41 54 41 4c 00"
            + " 56 46 41 54 41 4c 00"
            + " 43 32 38 50 30 31 00"
            + " 4d 62 61 64 00"
            + " 00");
    ErrorResponse fatal = ErrorResponse.fatal(SqlState.INVALID_PASSWORD, "bad");
    assertBothWays(wire, fatal);
    assertThat(fatal.severity()).isEqualTo("FATAL");
    assertThat(fatal.sqlState()).isEqualTo("28P01");
    assertThat(fatal.message()).isEqualTo("bad");
  }

  @Test
  void errorResponseErrorBuilder() {
    // 4 + ('S' "ERROR\0" 7) + ('V' "ERROR\0" 7) + ('C' "0A000\0" 7) + ('M' "no\0" 4) + 0 = 30
    byte[] wire =
        wire().type('E').i32(30)
            .type('S').cstr("ERROR").type('V').cstr("ERROR").type('C').cstr("0A000").type('M').cstr("no")
            .i8(0)
            .build();
    assertBothWays(wire, ErrorResponse.error(SqlState.FEATURE_NOT_SUPPORTED, "no"));
  }

  @Test
  void errorFieldsBuilderWithDetailAndHint() {
    ErrorFields fields =
        ErrorFields.builder(ErrorFields.Severity.WARNING, SqlState.INTERNAL_ERROR, "m").detail("d").hint("h").build();
    assertThat(fields.values().sequencedKeySet()).containsExactly('S', 'V', 'C', 'M', 'D', 'H');
    assertThat(fields.severity()).isEqualTo("WARNING");
    assertThat(fields.sqlState()).isEqualTo("XX000");
    assertThat(fields.detail()).isEqualTo("d");
    assertThat(fields.hint()).isEqualTo("h");
    // 4 + S"WARNING\0"(9) + V(9) + C"XX000\0"(7) + M"m\0"(3) + D"d\0"(3) + H"h\0"(3) + 0 = 39
    byte[] wire =
        wire().type('N').i32(39)
            .type('S').cstr("WARNING").type('V').cstr("WARNING").type('C').cstr("XX000")
            .type('M').cstr("m").type('D').cstr("d").type('H').cstr("h")
            .i8(0)
            .build();
    assertBothWays(wire, new NoticeResponse(fields));
  }

  @Test
  void severityPrefersTheNonLocalizedField() {
    LinkedHashMap<Character, String> fields = new LinkedHashMap<>();
    fields.put('S', "FEHLER");
    fields.put('V', "ERROR");
    assertThat(new ErrorFields(fields).severity()).isEqualTo("ERROR");
    fields.remove('V');
    assertThat(new ErrorFields(fields).severity()).isEqualTo("FEHLER");
  }

  @Test
  void noticeResponse() {
    // 4 + S"NOTICE\0"(8) + V"NOTICE\0"(8) + C"00000\0"(7) + M"hi\0"(4) + 0 = 32
    byte[] wire =
        hex("4e 00 00 00 20"
            + " 53 4e 4f 54 49 43 45 00"
            + " 56 4e 4f 54 49 43 45 00"
            + " 43 30 30 30 30 30 00"
            + " 4d 68 69 00"
            + " 00");
    NoticeResponse expected =
        new NoticeResponse(ErrorFields.builder(ErrorFields.Severity.NOTICE, SqlState.SUCCESSFUL_COMPLETION, "hi").build());
    assertBothWays(wire, expected);
  }

  @Test
  void emptyErrorResponse() {
    assertBothWays(hex("45 00 00 00 05 00"), new ErrorResponse(new ErrorFields(new LinkedHashMap<>())));
  }

  // ---------------------------------------------------------------- unknown

  @Test
  void unknownTypeIsCarriedUntouched() {
    assertBothWays(hex("26 00 00 00 05 01"), new UnknownBackendMessage((byte) '&', Bytes.of(hex("01"))));
    assertBothWays(hex("80 00 00 00 04"), new UnknownBackendMessage((byte) 0x80, Bytes.of(new byte[0])));
  }

  // ---------------------------------------------------------------- malformed bodies

  @Test
  void malformedAuthentication() {
    assertMalformed('R', new byte[0]);
    assertMalformed('R', hex("00 00 00"));
    assertMalformed('R', hex("00 00 00 00 00")); // Ok with a trailing byte
    assertMalformed('R', hex("00 00 00 03 00")); // Cleartext with a trailing byte
    assertMalformed('R', hex("00 00 00 05 01 02 03")); // MD5 salt of 3 bytes
    assertMalformed('R', hex("00 00 00 05 01 02 03 04 05")); // MD5 salt of 5 bytes
    assertMalformed('R', hex("00 00 00 0a")); // SASL without the list terminator
    assertMalformed('R', hex("00 00 00 0a 41 42")); // mechanism without NUL
    assertMalformed('R', hex("00 00 00 0a 41 00")); // list without terminator
    assertMalformed('R', hex("00 00 00 0a 41 00 00 00")); // trailing byte
  }

  @Test
  void malformedBackendKeyData() {
    assertMalformed('K', hex("00 00 30"));
    assertMalformed('K', hex("00 00 30 39"));
    assertMalformed('K', hex("00 00 30 39 01 02 03"));
    assertMalformed('K', wire().i32(1).bytes(new byte[257]).build());
  }

  @Test
  void malformedTextMessages() {
    assertMalformed('C', utf8("SELECT 1"));
    assertMalformed('C', hex("41 00 42"));
    assertMalformed('S', utf8("a\0b"));
    assertMalformed('S', hex("61 00 62 00 63"));
    assertMalformed('A', hex("00 00 30"));
    assertMalformed('A', hex("00 00 30 39 63 00"));
    assertMalformed('A', hex("00 00 30 39 63 00 70"));
  }

  @Test
  void fieldlessMessagesRejectABody() {
    for (char t : new char[] {'1', '2', '3', 'n', 's', 'I', 'c'}) {
      assertMalformed(t, hex("00"));
    }
  }

  @Test
  void malformedCopyResponses() {
    for (char t : new char[] {'G', 'H', 'W'}) {
      assertMalformed(t, new byte[0]);
      assertMalformed(t, hex("00"));
      assertMalformed(t, hex("00 00"));
      assertMalformed(t, hex("00 00 02 00 00")); // 2 formats, one present
      assertMalformed(t, hex("00 ff ff")); // 65535 formats, none present
      assertMalformed(t, hex("00 00 00 00")); // trailing byte
    }
  }

  @Test
  void malformedDataRow() {
    assertMalformed('D', new byte[0]);
    assertMalformed('D', hex("00"));
    assertMalformed('D', hex("00 01")); // 1 column, none present
    assertMalformed('D', hex("00 02 ff ff ff ff")); // 2 columns, one present
    assertMalformed('D', hex("00 01 ff ff ff fe")); // length -2
    assertMalformed('D', hex("00 01 80 00 00 00")); // length MIN_VALUE
    assertMalformed('D', hex("00 01 00 00 00 02 61")); // value beyond the body
    assertMalformed('D', hex("00 01 7f ff ff ff")); // length 2^31-1
    assertMalformed('D', hex("ff ff 00 00 00 00")); // 65535 columns
    assertMalformed('D', hex("00 00 00")); // trailing byte
  }

  @Test
  void malformedErrorAndNotice() {
    for (char t : new char[] {'E', 'N'}) {
      assertMalformed(t, new byte[0]); // no terminator
      assertMalformed(t, hex("53")); // code without value
      assertMalformed(t, hex("53 45 52 52")); // value without NUL
      assertMalformed(t, hex("53 45 00")); // no terminator
      assertMalformed(t, hex("00 00")); // trailing byte
    }
  }

  @Test
  void malformedFunctionCallResponse() {
    assertMalformed('V', new byte[0]);
    assertMalformed('V', hex("ff ff ff"));
    assertMalformed('V', hex("ff ff ff fe"));
    assertMalformed('V', hex("80 00 00 00"));
    assertMalformed('V', hex("00 00 00 05 01 02"));
    assertMalformed('V', hex("ff ff ff ff 00"));
  }

  @Test
  void malformedNegotiateProtocolVersion() {
    assertMalformed('v', new byte[0]);
    assertMalformed('v', hex("00 00 00 00"));
    assertMalformed('v', hex("00 00 00 00 ff ff ff ff")); // count -1
    assertMalformed('v', hex("00 00 00 00 80 00 00 00")); // count MIN_VALUE
    assertMalformed('v', hex("00 00 00 00 7f ff ff ff")); // count 2^31-1
    assertMalformed('v', hex("00 00 00 00 00 00 00 02 61 00")); // 2 options, one present
    assertMalformed('v', hex("00 00 00 00 00 00 00 01 61")); // option without NUL
    assertMalformed('v', hex("00 00 00 00 00 00 00 00 00")); // trailing byte
  }

  @Test
  void malformedParameterDescription() {
    assertMalformed('t', new byte[0]);
    assertMalformed('t', hex("00 02 00 00 00 17")); // 2 OIDs, one present
    assertMalformed('t', hex("ff ff"));
    assertMalformed('t', hex("00 01 00 00 00 17 00")); // trailing byte
  }

  @Test
  void malformedRowDescription() {
    assertMalformed('T', new byte[0]);
    assertMalformed('T', hex("00 01")); // 1 field, none present
    assertMalformed('T', hex("00 01 69 64 00 00 00 40 00 00 01 00 00 00 17 00 04 ff ff ff ff 00")); // 1 byte short
    assertMalformed('T', wire().i16(1).ascii("idxxxxxxxxxxxxxxxxxxxxxx").build()); // name without NUL
    assertMalformed('T', hex("00 01 69 64 00 00 00 40 00 00 01 00 00 00 17 00 04 ff ff ff ff 00 00 00")); // trailing
    assertMalformed('T', hex("ff ff 00"));
  }

  @Test
  void recordValidation() {
    assertThatThrownBy(() -> new AuthenticationMd5Password(Bytes.of(new byte[3]))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BackendKeyData(1, Bytes.of(new byte[3]))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BackendKeyData(1, Bytes.of(new byte[257]))).isInstanceOf(IllegalArgumentException.class);
    assertThat(new BackendKeyData(1, Bytes.of(hex("01020304"))).toString()).doesNotContain("01020304");
    assertThat(ReadyForQuery.TransactionStatus.fromCode((byte) 'I')).isEqualTo(ReadyForQuery.TransactionStatus.IDLE);
    assertThatThrownBy(() -> ReadyForQuery.TransactionStatus.fromCode((byte) 'i')).isExactlyInstanceOf(PgProtocolException.class);
  }
}
