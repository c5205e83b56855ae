package dev.jitgate.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The direct writer produces exactly the text of the tree path, for every event it handles. */
class DirectWriterTest {

  private final EventWriter tree = new EventWriter();

  private String viaTree(AuditEvent e) {
    return CanonicalJson.write(tree.tree(e));
  }

  @Test
  void everyEventOfTheSampleSessionIsWrittenAsTheTreePathWritesIt() {
    int handled = 0;
    for (AuditEvent e : Events.session()) {
      if (DirectWriter.handles(e)) {
        handled++;
        assertThat(DirectWriter.write(e)).isEqualTo(viaTree(e));
      }
    }
    assertThat(handled).isGreaterThan(3);
  }

  @Test
  void randomTextWithEscapesUnicodeAndNullsIsWrittenAsTheTreePathWritesIt() {
    Random random = new Random(42);
    ChainBuilder chain = Events.builder(Events.CONTEXT);
    for (int i = 1; i <= 500; i++) {
      List<Parameter> params = new ArrayList<>();
      for (int p = 0; p < random.nextInt(4); p++) {
        params.add(random.nextBoolean() ? Parameter.ofNull(ParameterFormat.TEXT)
            : Parameter.ofText(Events.text(random).getBytes(java.nio.charset.StandardCharsets.UTF_8), 16));
      }
      params.add(Parameter.ofBinary(new byte[] {1, 2, (byte) i}, 2));
      List<EventBody> bodies = List.of(
          Statement.extended(i, Events.text(random), Events.text(random), Events.text(random), params),
          Statement.simple(i, Events.text(random)),
          random.nextBoolean() ? StatementDone.ok(i, Events.text(random), random.nextBoolean() ? null : (long) i, i)
              : StatementDone.failed(i, i, "22012", Events.text(random)),
          new Copy(i, CopyDirection.OUT, i * 7L, random.nextBoolean() ? null : (long) i),
          new SessionEnd(EndReason.REVOKED, i, i * 2L, i, i * 3L),
          new SessionStart("10.0.0." + (i % 255), 1 + i, random.nextBoolean() ? null : Events.text(random), "TLSv1.3",
              "TLS_AES_128_GCM_SHA256", "3.2", "scram-sha-256-plus"),
          new SessionReject("::1", 5432, "28P01", "r" + Events.text(random), random.nextBoolean() ? null : Events.text(random), null));
      for (EventBody body : bodies) {
        AuditEvent e = chain.append(body);
        assertThat(DirectWriter.write(e)).isEqualTo(viaTree(e));
      }
    }
  }

  @Test
  void timesBeforeTheYear1000AndMicrosecondsArePaddedAsTheFormatterPadsThem() {
    for (String t : List.of("0999-01-02T03:04:05.000007Z", "2026-12-31T23:59:59.999999Z", "1970-01-01T00:00:00Z")) {
      Instant instant = Instant.parse(t);
      assertThat(EventWriter.time(instant)).isEqualTo(EventWriter.TIME.format(instant));
    }
  }

}
