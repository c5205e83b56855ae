package dev.jitgate.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ChainBuilder#appendTo} (bytes written directly, no envelope built) gives exactly the lines, ids, seqs and
 * hashes that {@link ChainBuilder#appendEncoded} gives for the same events, and those are the tree path's text.
 */
class ChainBuilderFastPathTest {

  private final EventWriter tree = new EventWriter();
  private final AuditEventJson json = new AuditEventJson();

  /** A clock that moves by an odd step on every read, across days, years and the sub-second digits. */
  private static final class SteppingClock extends Clock {
    private Instant now;
    private final long stepNanos;

    SteppingClock(Instant start, long stepNanos) {
      this.now = start;
      this.stepNanos = stepNanos;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      Instant at = now;
      now = now.plusNanos(stepNanos);
      return at;
    }
  }

  private static ChainBuilder builder(SessionContext context, Clock clock, long seed) {
    return new ChainBuilder(context, new UuidV7(clock, new SplittableRandom(seed)), clock, new AuditEventJson());
  }

  @Test
  void fastLinesEqualTheEncodedPathAndTheTreePathWithTheSameIdsSeqsAndHashes() {
    Random random = new Random(7);
    for (Instant start : List.of(Instant.parse("2026-12-31T23:59:59.999990Z"), Instant.parse("1969-12-31T23:59:58Z"),
        Instant.parse("0999-01-01T00:00:00Z"))) {
      SessionContext context = random.nextBoolean() ? Events.CONTEXT
          : new SessionContext("s-\u00e9\"\\", "p\n1", null, null, "i\u4e2d", null, "r\ud83d\ude00");
      ChainBuilder slow = builder(context, new SteppingClock(start, 1_234_567L), 99);
      ChainBuilder fast = builder(context, new SteppingClock(start, 1_234_567L), 99);
      for (int i = 1; i <= 300; i++) {
        EventBody body = body(random, i);
        EncodedEvent expected = slow.appendEncoded(body);
        List<String> got = new ArrayList<>();
        fast.appendTo(body, (bytes, length) -> got.add(new String(bytes, 0, length, StandardCharsets.UTF_8)));
        assertThat(got).containsExactly(expected.line());
        assertThat(expected.line()).isEqualTo(CanonicalJson.write(tree.tree(expected.event())));
        assertThat(fast.head()).isEqualTo(slow.head());
        assertThat(fast.head().hash()).isEqualTo(json.hash(expected.event()));
      }
      assertThat(fast.head().seq()).isEqualTo(300);
    }
  }

  @Test
  void aHugeStatementBetweenSmallOnesIsWrittenWholeAndTheNextOnesStayCorrect() {
    Clock clock = Clock.fixed(Events.T0, ZoneOffset.UTC);
    ChainBuilder slow = builder(Events.CONTEXT, clock, 11);
    ChainBuilder fast = builder(Events.CONTEXT, clock, 11);
    String huge = "SELECT '" + "\u00e9x\"".repeat(40_000) + "'";
    for (EventBody body : List.of(Statement.simple(1, "SELECT 1"), Statement.simple(2, huge),
        StatementDone.ok(2, "SELECT 1", 1L, 5), Statement.simple(3, "SELECT 3"))) {
      String expected = slow.appendEncoded(body).line();
      List<String> got = new ArrayList<>();
      fast.appendTo(body, (bytes, length) -> got.add(new String(bytes, 0, length, StandardCharsets.UTF_8)));
      assertThat(got).containsExactly(expected);
    }
    assertThat(fast.head()).isEqualTo(slow.head());
  }

  @Test
  void theChainOfFastLinesVerifies() {
    ChainBuilder fast = builder(Events.CONTEXT, Clock.systemUTC(), 1);
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      fast.appendTo(i % 2 == 1 ? Statement.simple(i, "SELECT " + i) : StatementDone.ok(i - 1, "SELECT 1", 1L, i),
          (bytes, length) -> events.add(((ParseResult.Ok) json.read(new String(bytes, 0, length,
              StandardCharsets.UTF_8))).event()));
    }
    ChainLink head = ChainLink.GENESIS;
    for (AuditEvent e : events) {
      assertThat(e.seq()).isEqualTo(head.seq() + 1);
      assertThat(e.envelope().prev()).isEqualTo(head.hash());
      assertThat(UuidV7.isCanonical(e.id())).isTrue();
      head = new ChainLink(e.seq(), json.hash(e));
    }
    assertThat(fast.head()).isEqualTo(head);
  }

  @Test
  void anUnpairedSurrogateIsAnErrorNamingTheFieldAndDoesNotAdvanceTheChain() {
    ChainBuilder fast = builder(Events.CONTEXT, Clock.systemUTC(), 3);
    List<Integer> lengths = new ArrayList<>();
    assertThatThrownBy(() -> fast.appendTo(Statement.simple(1, "SELECT '\ud800'"), (b, n) -> lengths.add(n)))
        .isInstanceOf(EventFieldException.class).hasMessageContaining("sql");
    assertThat(lengths).isEmpty();
    assertThat(fast.head()).isEqualTo(ChainLink.GENESIS);
  }

  @Test
  void asciiIdsAreTheCanonicalTextOfTheSameIds() {
    Clock clock = Clock.fixed(Events.T0, ZoneOffset.UTC);
    UuidV7 a = new UuidV7(clock, new SplittableRandom(5));
    UuidV7 b = new UuidV7(clock, new SplittableRandom(5));
    byte[] out = new byte[40];
    for (int i = 0; i < 5000; i++) { // beyond 4096: the counter borrows the next millisecond
      b.nextAscii(out, 2);
      assertThat(new String(out, 2, 36, StandardCharsets.US_ASCII)).isEqualTo(a.nextString());
    }
  }

  private static EventBody body(Random random, int i) {
    return switch (random.nextInt(5)) {
      case 0 -> Statement.simple(i, Events.text(random));
      case 1 -> {
        List<Parameter> params = new ArrayList<>();
        for (int p = 0; p < random.nextInt(4); p++) {
          params.add(random.nextBoolean() ? Parameter.ofNull(ParameterFormat.TEXT)
              : Parameter.ofText(Events.text(random).getBytes(StandardCharsets.UTF_8), 8));
        }
        params.add(Parameter.ofBinary(new byte[] {1, 2, (byte) i}, 2));
        yield Statement.extended(i, Events.text(random), Events.text(random), Events.text(random), params);
      }
      case 2 -> Statement.functionCall(i, 1000L + i, List.of(Parameter.ofNull(ParameterFormat.BINARY)));
      case 3 -> random.nextBoolean() ? StatementDone.ok(i, Events.text(random), random.nextBoolean() ? null : (long) i * 31, i)
          : StatementDone.failed(i, i * 1000L, "22012", Events.text(random));
      default -> new Copy(i, CopyDirection.IN, i * 7L, null);
    };
  }

}
