package dev.jitgate.proxy.audit.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.audit.event.Copy;
import dev.jitgate.audit.event.CopyDirection;
import dev.jitgate.audit.event.EventBody;
import dev.jitgate.audit.event.Parameter;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.pg.Bytes;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.pg.MessageStreamScanner;
import dev.jitgate.pg.backend.BackendMessages;
import dev.jitgate.pg.backend.CommandComplete;
import dev.jitgate.pg.backend.ErrorFields;
import dev.jitgate.pg.backend.ErrorResponse;
import dev.jitgate.pg.backend.ReadyForQuery;
import dev.jitgate.pg.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tap between the relay's scanners and the tracker: real scanners with the tap's capture limits, fed wire
 * bytes, including messages longer than their capture limit.
 */
class MessageTapTest {

  private static final TrackerConfig CONFIG = new TrackerConfig(64, 16, 64, 8, 8);
  private final List<EventBody> bodies = new ArrayList<>();
  private final MessageTap tap = new MessageTap(new StatementTracker(CONFIG, bodies::add));
  private final MessageStreamScanner frontend = new MessageStreamScanner(1 << 20,
      MessageTap.frontendCaptureLimits(CONFIG, 0, 1 << 20), (t, b, n) -> tap.frontend(t, b, n, System.nanoTime()));
  private final MessageStreamScanner backend = new MessageStreamScanner(1 << 20,
      MessageTap.backendCaptureLimits(), (t, b, n) -> tap.backend(t, b, n, System.nanoTime()));

  private static byte[] message(char type, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(type);
    int length = body.length + 4;
    out.write(length >>> 24);
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static byte[] cstring(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(b, b.length + 1);
  }

  private void client(byte[]... messages) {
    for (byte[] m : messages) {
      frontend.scan(Unpooled.wrappedBuffer(m));
    }
  }

  private void server(Object... messages) {
    for (Object m : messages) {
      ByteBuf buf = Unpooled.buffer();
      BackendMessages.encode((dev.jitgate.pg.backend.BackendMessage) m, buf);
      backend.scan(buf);
      buf.release();
    }
  }

  @Test
  void aQueryLongerThanItsCaptureLimitKeepsAMarkedPrefix() {
    String sql = "SELECT '" + "x".repeat(400_000) + "' AS huge";
    client(message('Q', cstring(sql)));
    server(new CommandComplete("SELECT 1"), new ReadyForQuery(ReadyForQuery.TransactionStatus.IDLE));
    Statement s = (Statement) bodies.getFirst();
    assertThat(s.sql()).startsWith("SELECT 'xxx").hasSizeLessThan(200);
    int wireBytes = sql.getBytes(StandardCharsets.UTF_8).length + 1;
    assertThat(s.sql()).endsWith(" /* jitgate: truncated, the message had " + wireBytes + " bytes */");
    assertThat(((StatementDone) bodies.get(1)).commandTag()).isEqualTo("SELECT 1");
  }

  @Test
  void aBindLongerThanItsCaptureLimitKeepsWholeValuesAndMarksTheCutOnes() {
    client(message('P', concat(cstring("s1"), cstring("SELECT $1, $2, $3"), new byte[] {0, 0})));
    byte[] big = new byte[500_000];
    Arrays.fill(big, (byte) 'b');
    ByteArrayOutputStream bind = new ByteArrayOutputStream();
    bind.writeBytes(cstring(""));
    bind.writeBytes(cstring("s1"));
    bind.writeBytes(new byte[] {0, 0, 0, 3});
    writeValue(bind, "ok".getBytes(StandardCharsets.UTF_8));
    writeValue(bind, big);
    writeValue(bind, "after".getBytes(StandardCharsets.UTF_8));
    bind.writeBytes(new byte[] {0, 0});
    client(message('B', bind.toByteArray()), message('E', concat(cstring(""), new byte[4])), message('S', new byte[0]));
    Statement s = (Statement) bodies.getFirst();
    assertThat(s.sql()).isEqualTo("SELECT $1, $2, $3");
    List<Parameter> p = s.parameters();
    assertThat(p).hasSize(3);
    assertThat(p.get(0).value()).isEqualTo("ok");
    assertThat(p.get(1).truncated()).isTrue();
    assertThat(p.get(1).originalLength()).isEqualTo(500_000L);
    assertThat(p.get(2).truncated()).isTrue();
  }

  private static void writeValue(ByteArrayOutputStream out, byte[] value) {
    out.write(value.length >>> 24);
    out.write(value.length >>> 16);
    out.write(value.length >>> 8);
    out.write(value.length);
    out.writeBytes(value);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void aCutParseMarksItsPreparedSqlWithTheWireSize() {
    String sql = "SELECT $1 || '" + "y".repeat(400_000) + "'";
    byte[] body = concat(cstring("big"), cstring(sql), new byte[] {0, 0});
    client(message('P', body));
    client(message('B', concat(cstring(""), cstring("big"), new byte[] {0, 0, 0, 1, 0, 0, 0, 1, 'v', 0, 0})),
        message('E', concat(cstring(""), new byte[4])), message('S', new byte[0]));
    Statement s = (Statement) bodies.getFirst();
    assertThat(s.sql()).startsWith("SELECT $1 || 'yyy")
        .endsWith(" /* jitgate: truncated, the message had " + body.length + " bytes */");
    assertThat(s.parameters()).extracting(Parameter::value).containsExactly("v");
  }

  @Test
  void anErrorResponseLongerThanItsCaptureKeepsItsSqlstate() {
    client(message('Q', cstring("SELECT broken")));
    server(new ErrorResponse(ErrorFields.builder(ErrorFields.Severity.ERROR, new SqlState("42703"),
        "column \"broken\" does not exist").detail("d".repeat(20_000)).build()), new ReadyForQuery(ReadyForQuery.TransactionStatus.IDLE));
    StatementDone done = (StatementDone) bodies.get(1);
    assertThat(done.sqlstate()).isEqualTo("42703");
    assertThat(done.error()).contains("broken");
  }

  @Test
  void aFunctionCallEndsWithItsResponseWhateverTheResultsSize() {
    // FunctionCall: oid 954 (lowrite), one format code (binary), two arguments, result format binary
    ByteArrayOutputStream call = new ByteArrayOutputStream();
    call.writeBytes(new byte[] {0, 0, 3, (byte) 0xba, 0, 1, 0, 1, 0, 2});
    writeValue(call, new byte[] {0, 0, 0, 0});
    writeValue(call, "data".getBytes(StandardCharsets.UTF_8));
    call.writeBytes(new byte[] {0, 1});
    client(message('F', call.toByteArray()));
    byte[] result = new byte[300_000];
    server(new dev.jitgate.pg.backend.FunctionCallResponse(Bytes.of(result)),
        new ReadyForQuery(ReadyForQuery.TransactionStatus.IDLE));
    Statement s = (Statement) bodies.getFirst();
    assertThat(s.functionOid()).isEqualTo(954L);
    assertThat(s.parameters()).hasSize(2);
    StatementDone done = (StatementDone) bodies.get(1);
    assertThat(done.statementId()).isEqualTo(s.statementId());
    assertThat(done.commandTag()).isEqualTo(StatementTracker.FUNCTION_CALL_TAG);
    assertThat(done.sqlstate()).isNull();
    assertThat(bodies).hasSize(2);
  }

  @Test
  void aFunctionCallLongerThanItsCaptureKeepsTheFunctionAndMarksTheCutArguments() {
    // lowrite(fd, data) with a data argument far over the capture limit, as a large-object write sends it
    byte[] big = new byte[500_000];
    Arrays.fill(big, (byte) 'z');
    ByteArrayOutputStream call = new ByteArrayOutputStream();
    call.writeBytes(new byte[] {0, 0, 3, (byte) 0xba, 0, 1, 0, 1, 0, 2});
    writeValue(call, new byte[] {0, 0, 0, 7});
    writeValue(call, big);
    call.writeBytes(new byte[] {0, 1});
    client(message('F', call.toByteArray()));
    server(new dev.jitgate.pg.backend.FunctionCallResponse(Bytes.of(new byte[] {0, 7, (byte) 0xa1, 0x20})),
        new ReadyForQuery(ReadyForQuery.TransactionStatus.IDLE));
    Statement s = (Statement) bodies.getFirst();
    assertThat(s.functionOid()).isEqualTo(954L);
    assertThat(s.parameters()).hasSize(2);
    assertThat(java.util.Base64.getDecoder().decode(s.parameters().get(0).value())).containsExactly(0, 0, 0, 7);
    assertThat(s.parameters().get(0).truncated()).isFalse();
    assertThat(s.parameters().get(1).truncated()).isTrue();
    assertThat(s.parameters().get(1).originalLength()).isEqualTo(500_000L);
    StatementDone done = (StatementDone) bodies.get(1);
    assertThat(done.statementId()).isEqualTo(s.statementId());
    assertThat(done.commandTag()).isEqualTo(StatementTracker.FUNCTION_CALL_TAG);
  }

  @Test
  void copyDataAndDataRowsAreCountedFromTheirLengthsAlone() {
    client(message('Q', cstring("COPY t FROM STDIN")));
    server(new dev.jitgate.pg.backend.CopyInResponse(0, List.of()));
    client(message('d', "1\n2\n".getBytes(StandardCharsets.UTF_8)), message('c', new byte[0]));
    server(new CommandComplete("COPY 2"), new ReadyForQuery(ReadyForQuery.TransactionStatus.IDLE));
    Copy copy = (Copy) bodies.get(1);
    assertThat(copy.direction()).isEqualTo(CopyDirection.IN);
    assertThat(copy.bytes()).isEqualTo(4);
    assertThat(copy.rows()).isEqualTo(2L);
  }
}
