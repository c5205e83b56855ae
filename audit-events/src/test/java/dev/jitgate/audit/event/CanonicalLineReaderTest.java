package dev.jitgate.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path for canonical {@code statement} / {@code statement.done} lines reads exactly what the general
 * path reads, and gives up (null) on anything that is not such a line, so that the general path answers.
 */
class CanonicalLineReaderTest {
  private final EventReader general = new EventReader(new EventWriter());

  /** Statement and done events with escapes, non-ASCII, NULLs and odd session contexts, written canonically. */
  private static List<AuditEvent> events(long seed, int count) {
    Random random = new Random(seed);
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      SessionContext context = new SessionContext("sess-" + Events.text(random) + i, "proxy-" + Events.text(random),
          optional(random), optional(random), optional(random), optional(random), optional(random));
      ChainBuilder chain = Events.builder(context);
      List<Parameter> params = new ArrayList<>();
      for (int p = 0; p < random.nextInt(4); p++) {
        params.add(switch (random.nextInt(3)) {
          case 0 -> Parameter.ofNull(random.nextBoolean() ? ParameterFormat.TEXT : ParameterFormat.BINARY);
          case 1 -> Parameter.ofText(Events.text(random).getBytes(StandardCharsets.UTF_8), 16);
          default -> Parameter.ofBinary(new byte[] {1, 2, (byte) i, (byte) p}, random.nextBoolean() ? 2 : 100);
        });
      }
      long id = random.nextBoolean() ? i : random.nextLong(1, Long.MAX_VALUE / 10);
      events.add(chain.append(Statement.simple(id, Events.text(random))));
      events.add(chain.append(Statement.extended(id, Events.text(random), Events.text(random), Events.text(random),
          params)));
      events.add(chain.append(Statement.functionCall(id, 1598 + i, params)));
      events.add(chain.append(random.nextBoolean()
          ? StatementDone.ok(id, Events.text(random), random.nextBoolean() ? null : random.nextLong(0, 1L << 40), i)
          : StatementDone.failed(id, 0, "22012", Events.text(random))));
    }
    return events;
  }

  private static String optional(Random random) {
    return random.nextBoolean() ? null : "x" + Events.text(random);
  }

  @Test
  void readsEveryCanonicalStatementAndDoneLineAsTheGeneralPathDoes() {
    int read = 0;
    for (AuditEvent event : events(7, 400)) {
      String line = DirectWriter.write(event);
      ParseResult fast = CanonicalLineReader.read(3, line);
      assertThat(fast).as(line).isEqualTo(new ParseResult.Ok(3, event, line));
      assertThat(general.readGeneral(3, line)).as(line).isEqualTo(fast);
      read++;
    }
    assertThat(read).isEqualTo(1600);
  }

  @Test
  void leavesEveryOtherEventTypeToTheGeneralPath() {
    ChainBuilder chain = Events.builder(Events.CONTEXT);
    int others = 0;
    for (EventBody body : Events.oneOfEach()) {
      AuditEvent event = chain.append(body);
      String line = new AuditEventJson().write(event);
      if (!(body instanceof Statement) && !(body instanceof StatementDone)) {
        assertThat(CanonicalLineReader.read(1, line)).as(line).isNull();
        others++;
      }
    }
    assertThat(others).isGreaterThan(5);
  }

  /** One canonical line with a parameter and a string with every kind of escape. */
  private static String sample() {
    ChainBuilder chain = Events.builder(Events.CONTEXT);
    List<Parameter> parameters = List.of(
        Parameter.ofText("v".getBytes(StandardCharsets.UTF_8), 16), Parameter.ofNull(ParameterFormat.TEXT));
    return DirectWriter.write(chain.append(
        Statement.extended(12, "SELECT $1 -- \"q\" \\ \t \u0001 é 中 😀", "S_1", "", parameters)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"database\":|{ \"database\":", // white space
      "\\\"q\\\"|\\\"q\\u0022", // an escape the writer does not use
      "\\u0001|\\u0001\\u001f", // a lower-case hex escape
      "\\u0001|\\/", // an escaped solidus
      "\\u0001|\\u0041", // an escaped printable character
      "\\u0001|\\u000A", // \\u form of a character with a short escape
      "\\t|\t", // a raw control character
      "\"statement_id\":12|\"statement_id\":012", // a leading zero
      "\"seq\":|\"seq\":-0,\"x\":", // minus zero, and an unknown member
      "\"v\":1}|\"v\":1} ", // trailing text
      "\"function_oid\":null|\"function_oid\":1234567890123456789", // 19 digits
      "\"statement_id\":12|\"statement_id\":12.0", // not an integer
      "\"truncated\":false|\"truncated\":0", // not a boolean
      "\"format\":\"text\"|\"format\":\"TEXT\"", // an unknown parameter format
      "\"protocol\":\"extended\"|\"protocol\":\"simple\"", // simple with parameters: invalid
      "\"type\":\"statement\"|\"type\":\"statement.done\"", // the other type's tail
      "\"seq\":|\"seq\":0,\"x\":", // seq below 1
  })
  void givesUpOnAnythingElseAndTheGeneralPathDecides(String replacement) {
    String[] parts = replacement.split("\\|", 2);
    String line = sample();
    assertThat(line).contains(parts[0]);
    String changed = line.replaceFirst(java.util.regex.Pattern.quote(parts[0]),
        java.util.regex.Matcher.quoteReplacement(parts[1]));
    assertThat(changed).isNotEqualTo(line);
    assertThat(CanonicalLineReader.read(1, changed)).as(changed).isNull();
    ParseResult viaTree = general.readGeneral(1, changed);
    if (viaTree instanceof ParseResult.Ok ok) {
      assertThat(ok.canonicalLine()).isNotEqualTo(changed); // valid, but not in canonical form
    }
  }

  @Test
  void leavesALineWithAnExtensionMemberToTheGeneralPath() {
    String line = sample().replace(",\"v\":1}", ",\"v\":1,\"zzz\":1}");
    assertThat(CanonicalLineReader.read(1, line)).isNull();
    assertThat(general.readGeneral(1, line)).isInstanceOfSatisfying(ParseResult.Ok.class,
        ok -> assertThat(ok.event().extensions()).containsEntry("zzz", "1"));
  }

  @Test
  void aStringOverTheReadersLimitIsLeftToTheGeneralPathWhichRefusesIt() {
    ChainBuilder chain = Events.builder(Events.CONTEXT);
    String atLimit = DirectWriter.write(chain.append(Statement.simple(1, "x".repeat(CanonicalJson.MAX_STRING_CHARS))));
    assertThat(CanonicalLineReader.read(1, atLimit)).isInstanceOf(ParseResult.Ok.class)
        .isEqualTo(general.readGeneral(1, atLimit));
    String over = DirectWriter.write(chain.append(Statement.simple(2, "x".repeat(CanonicalJson.MAX_STRING_CHARS + 1))));
    assertThat(CanonicalLineReader.read(1, over)).isNull();
    assertThat(general.readGeneral(1, over)).isEqualTo(new ParseResult.Invalid(1, "$",
        "has a string value longer than " + CanonicalJson.MAX_STRING_CHARS + " characters"));
    String deep = "[".repeat(5000) + "]".repeat(5000); // another of Jackson's limits: not reported as a string's
    assertThat(general.readGeneral(1, deep)).isInstanceOfSatisfying(ParseResult.Invalid.class,
        bad -> assertThat(bad.reason()).doesNotContain("string value"));
    String escaped = over.replace("\"sql\":\"x", "\"sql\":\"\\n"); // the decoded string is over the limit too
    assertThat(CanonicalLineReader.read(1, escaped)).isNull();
  }

  @Test
  void theCanonicalSampleItselfIsRead() {
    assertThat(CanonicalLineReader.read(1, sample())).isInstanceOf(ParseResult.Ok.class);
    assertThat(CanonicalLineReader.read(1, null)).isNull();
    assertThat(CanonicalLineReader.read(1, "")).isNull();
  }

  /** 20,000 seeded mutations (a character inserted, deleted or replaced) of canonical lines. */
  @Test
  void aMutatedLineIsEitherLeftToTheGeneralPathOrReadExactlyAsIt() {
    List<AuditEvent> samples = events(11, 50);
    String alphabet = "\"\\,:{}[]019-nultea AF\n\u0000\u001f\ud83d\u00e9";
    Random random = new Random(20261130);
    int readFast = 0;
    for (int i = 0; i < 20_000; i++) {
      String line = DirectWriter.write(samples.get(random.nextInt(samples.size())));
      int at = random.nextInt(line.length());
      char c = alphabet.charAt(random.nextInt(alphabet.length()));
      String mutated = switch (random.nextInt(3)) {
        case 0 -> line.substring(0, at) + c + line.substring(at);
        case 1 -> line.substring(0, at) + line.substring(at + 1);
        default -> line.substring(0, at) + c + line.substring(at + 1);
      };
      ParseResult fast = CanonicalLineReader.read(1, mutated);
      if (fast != null) {
        readFast++;
        assertThat(fast).as(mutated).isEqualTo(general.readGeneral(1, mutated));
        assertThat(((ParseResult.Ok) fast).canonicalLine()).isEqualTo(mutated);
      }
    }
    assertThat(readFast).as("mutations that are still canonical lines (a digit or letter changed)").isPositive();
  }
}
