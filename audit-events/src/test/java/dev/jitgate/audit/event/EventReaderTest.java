package dev.jitgate.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The reader's canonical line, its hand-written time parsing and its extension detection. */
class EventReaderTest {
  private final AuditEventJson json = new AuditEventJson();

  static java.util.stream.Stream<EventBody> bodies() {
    return Events.oneOfEach().stream();
  }

  @ParameterizedTest
  @MethodSource("bodies")
  void theCanonicalLineIsWhatTheWriterWrites(EventBody body) {
    AuditEvent event = Events.builder(Events.CONTEXT).append(body);
    String line = json.write(event);
    String spaced = line.replace(",\"", ", \"");

    ParseResult.Ok exact = (ParseResult.Ok) json.read(line);
    ParseResult.Ok loose = (ParseResult.Ok) json.read(spaced);

    assertThat(exact.canonicalLine()).isEqualTo(line);
    assertThat(loose.canonicalLine()).as("re-written, not the input").isEqualTo(line);
    assertThat(exact).isEqualTo(new ParseResult.Ok(1, event));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-29T13:05:12.123456Z", "2024-02-29T00:00:00.000000Z", "0001-01-01T23:59:59.999999Z"})
  void validTimesAreReadExactly(String time) {
    String line = line(time);

    ParseResult result = json.read(line);

    assertThat(result).isInstanceOfSatisfying(ParseResult.Ok.class,
        ok -> assertThat(ok.event().envelope().time()).isEqualTo(Instant.parse(time)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-02-30T00:00:00.000000Z", "2026-13-01T00:00:00.000000Z", "2026-11-29T24:00:00.000000Z",
      "2026-11-29T13:60:00.000000Z", "2026-11-29T13:05:60.000000Z", "2026-11-29T13:05:12.12345Z",
      "2026-11-29T13:05:12.123456+00:00", "2026-11-29 13:05:12.123456Z", "2026-11-29T13:05:12.12345xZ",
      "+2026-11-29T13:05:12.123456Z", "２026-11-29T13:05:12.123456Z"})
  void invalidTimesNameTheField(String time) {
    assertThat(json.read(line(time))).isInstanceOfSatisfying(ParseResult.Invalid.class,
        invalid -> assertThat(invalid.field()).isEqualTo("time"));
  }

  private String line(String time) {
    AuditEvent event = Events.builder(Events.CONTEXT).append(Events.oneOfEach().getFirst());
    String line = json.write(event);
    String written = EventWriter.time(event.envelope().time());
    return line.replace("\"time\":\"" + written + "\"", "\"time\":\"" + time + "\"");
  }
}
