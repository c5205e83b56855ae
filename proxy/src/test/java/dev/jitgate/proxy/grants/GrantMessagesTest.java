package dev.jitgate.proxy.grants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.model.Decision;
import dev.jitgate.access.model.EndReason;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.testing.AccessFixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GrantMessagesTest {

  @Test
  void quotingEscapesQuotesBackslashesAndInvisibleCharacters() {
    assertThat(GrantMessages.quote("alice")).isEqualTo("\"alice\"");
    assertThat(GrantMessages.quote("a\"b\\c'd")).isEqualTo("\"a\\\"b\\\\c'd\"");
    assertThat(GrantMessages.quote("ünï 日本")).isEqualTo("\"ünï 日本\"");
    assertThat(GrantMessages.quote("x\r\n\u0000\u202Ey\u2028")).isEqualTo("\"x\\u000D\\u000A\\u0000\\u202Ey\\u2028\"");
    assertThat(GrantMessages.quote("\uD83D\uDE00")).as("emoji (a surrogate pair) is printable").isEqualTo("\"\uD83D\uDE00\"");
    assertThat(GrantMessages.quote("\uD800x")).as("a lone surrogate is escaped").isEqualTo("\"\\uD800x\"");
    assertThat(GrantMessages.quote("y".repeat(500))).isEqualTo("\"" + "y".repeat(100) + "…\"");
  }

  @Test
  void shellWordsAreQuotedOnlyWhenNeeded() {
    assertThat(GrantMessages.shellWord("prod/orders")).isEqualTo("prod/orders");
    assertThat(GrantMessages.shellWord("prod/my orders")).isEqualTo("'prod/my orders'");
    assertThat(GrantMessages.shellWord("prod/it's")).isEqualTo("'prod/it'\\''s'");
    assertThat(GrantMessages.shellWord("prod/$(rm -rf)")).isEqualTo("'prod/$(rm -rf)'");
  }

  @Test
  void endMessagesSayWhatHappenedAndWhen() {
    Grant active = AccessFixtures.grant("g1", "alice", GrantState.ACTIVE, Instant.parse("2026-11-29T11:00:00.5Z"));
    Instant at = Instant.parse("2026-11-29T12:00:00.123Z");
    assertThat(new GrantEnded(active, GrantEnded.Cause.EXPIRED, active.endsAt()).message())
        .isEqualTo("access grant g1 for prod/orders ended at 2026-11-29T13:00:00Z");
    Grant revoked = active.ended(GrantState.REVOKED, at, "o\"lga", EndReason.REVOKED, "");
    assertThat(new GrantEnded(revoked, GrantEnded.Cause.REVOKED, at).message())
        .isEqualTo("access grant g1 for prod/orders was revoked at 2026-11-29T12:00:00Z by \"o\\\"lga\"");
    Grant superseded = active.ended(GrantState.ENDED, at, Decision.SYSTEM, EndReason.SUPERSEDED, "g2");
    assertThat(new GrantEnded(superseded, GrantEnded.Cause.SUPERSEDED, at).message())
        .isEqualTo("access grant g1 for prod/orders was superseded by access grant g2 at 2026-11-29T12:00:00Z");
    assertThat(new GrantEnded(active, GrantEnded.Cause.REMOVED, at).message())
        .isEqualTo("access grant g1 for prod/orders was removed at 2026-11-29T12:00:00Z");
  }
}
