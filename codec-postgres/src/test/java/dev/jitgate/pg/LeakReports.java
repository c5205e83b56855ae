package dev.jitgate.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects the leaks Netty's {@link ResourceLeakDetector} reports for buffers created by this module's
 * code or tests (SCRAM tests are someone else's and ignored). Complements the exact refCnt checks of
 * {@link TrackingAllocator}: this one catches buffers from allocators the tests do not control.
 */
public final class LeakReports {

  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    ByteBufUtil.setLeakListener(
        (type, records) -> {
          if (records.contains("dev.jitgate.pg.") && !records.contains("dev.jitgate.pg.scram.")) {
            LEAKS.add(type + ": " + records);
          }
        });
  }

  private LeakReports() {}

  /** Turns paranoid detection on and installs the listener (idempotent). */
  public static void install() {
    // the static initializer does the work
  }

  /** Forces a few GC cycles so the detector sees unreachable buffers, then fails on any report. */
  public static void assertNoLeaksReported() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
      // The detector polls its reference queue when a new buffer is tracked (Netty 4.2 tracks
      // unpooled direct buffers, not unpooled heap buffers).
      for (int j = 0; j < 8; j++) {
        ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
        probe.release();
      }
    }
    assertThat(LEAKS).as("leaks reported by ResourceLeakDetector").isEmpty();
  }
}
