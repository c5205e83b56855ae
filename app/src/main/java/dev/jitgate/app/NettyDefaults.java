package dev.jitgate.app;

import java.util.Properties;

/**
 * The Netty settings a jitgate process starts with unless the operator set them (as {@code -D} JVM options, e.g.
 * in {@code JAVA_OPTS}). Applied once, first thing in {@link Main#main}, before any Netty class is loaded.
 *
 * <p>Buffer leak detection is off: at Netty's default level it records a stack trace for a sample of buffer
 * allocations and tracks every sampled buffer, which cost about 3 % of an event loop's CPU in a profile of the
 * relay (docs/performance.md). The test suites run it at the paranoid level on every buffer instead; to diagnose a
 * suspected leak in a running deployment, start with {@code -Dio.netty.leakDetection.level=simple}.
 */
final class NettyDefaults {

  /** Netty's system property for its buffer leak detector's level. */
  static final String LEAK_DETECTION_LEVEL = "io.netty.leakDetection.level";

  private NettyDefaults() {}

  /** Sets in {@code properties} every default the operator did not set; returns {@code properties}. */
  static Properties applyTo(Properties properties) {
    if (properties.getProperty(LEAK_DETECTION_LEVEL) == null) {
      properties.setProperty(LEAK_DETECTION_LEVEL, "disabled");
    }
    return properties;
  }
}
