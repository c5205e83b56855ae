package dev.jitgate.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.pg.backend.ParameterStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamSyncTrackerTest {

  private final UpstreamSyncTracker tracker =
      new UpstreamSyncTracker(List.of(new ParameterStatus("DateStyle", "ISO, MDY"), new ParameterStatus("TimeZone", "UTC")));

  private static final byte[] IDLE = {'I'};
  private static final byte[] IN_TRANSACTION = {'T'};

  private void ready(byte[] status) {
    tracker.backend((byte) 'Z', status, 1);
  }

  private static byte[] parameterStatus(String name, String value) {
    return (name + "\0" + value + "\0").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aQueryIsIdleOnlyOnceItsReadyForQueryArrived() {
    assertThat(tracker.idle()).as("right after login").isTrue();
    tracker.frontend((byte) 'Q');
    assertThat(tracker.idle()).isFalse();
    ready(IDLE);
    assertThat(tracker.idle()).isTrue();
  }

  @Test
  void pipelinedQueriesNeedOneReadyForQueryEach() {
    tracker.frontend((byte) 'Q');
    tracker.frontend((byte) 'Q');
    ready(IDLE);
    assertThat(tracker.idle()).isFalse();
    ready(IDLE);
    assertThat(tracker.idle()).isTrue();
  }

  @Test
  void extendedMessagesAfterTheLastSyncLeaveTheConnectionBusy() {
    for (char t : "PBES".toCharArray()) {
      tracker.frontend((byte) t);
    }
    ready(IDLE);
    assertThat(tracker.idle()).isTrue();
    tracker.frontend((byte) 'P');
    tracker.frontend((byte) 'D');
    tracker.frontend((byte) 'H');
    assertThat(tracker.idle()).as("parsed and described, never synced").isFalse();
    tracker.frontend((byte) 'S');
    ready(IDLE);
    assertThat(tracker.idle()).isTrue();
  }

  @Test
  void anOpenTransactionIsNotIdle() {
    tracker.frontend((byte) 'Q');
    ready(IN_TRANSACTION);
    assertThat(tracker.idle()).isFalse();
    tracker.frontend((byte) 'Q');
    ready(IDLE);
    assertThat(tracker.idle()).isTrue();
  }

  @Test
  void copyDataInsideAQueryDoesNotCount() {
    tracker.frontend((byte) 'Q');
    tracker.frontend((byte) 'd');
    tracker.frontend((byte) 'c');
    assertThat(tracker.idle()).isFalse();
    ready(IDLE);
    assertThat(tracker.idle()).isTrue();
  }

  @Test
  void parameterStatusUpdatesTheReportedValuesInFirstReportOrder() {
    byte[] tz = parameterStatus("TimeZone", "Europe/Berlin");
    byte[] app = parameterStatus("application_name", "psql");
    tracker.backend((byte) 'S', tz, tz.length);
    tracker.backend((byte) 'S', app, app.length);

    assertThat(tracker.reported()).containsExactly(
        java.util.Map.entry("DateStyle", "ISO, MDY"), java.util.Map.entry("TimeZone", "Europe/Berlin"),
        java.util.Map.entry("application_name", "psql"));
    assertThat(tracker.idle()).isTrue();
  }

  @Test
  void aCutOrMalformedParameterStatusMakesTheConnectionUnfitForReuse() {
    byte[] whole = parameterStatus("search_path", "a, b");
    tracker.backend((byte) 'S', java.util.Arrays.copyOf(whole, 5), whole.length);
    assertThat(tracker.idle()).isFalse();

    UpstreamSyncTracker other = new UpstreamSyncTracker(List.of());
    byte[] noTerminator = "search_path".getBytes(StandardCharsets.UTF_8);
    other.backend((byte) 'S', noTerminator, noTerminator.length);
    assertThat(other.idle()).isFalse();
  }

  @Test
  void terminateIsRemembered() {
    assertThat(tracker.terminated()).isFalse();
    tracker.frontend((byte) 'X');
    assertThat(tracker.terminated()).isTrue();
  }
}
