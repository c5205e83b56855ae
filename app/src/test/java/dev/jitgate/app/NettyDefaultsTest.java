package dev.jitgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class NettyDefaultsTest {

  @Test
  void leakDetectionIsOffUnlessTheOperatorChoseALevel() {
    assertThat(NettyDefaults.applyTo(new Properties()).getProperty("io.netty.leakDetection.level"))
        .isEqualTo("disabled");
    Properties chosen = new Properties();
    chosen.setProperty("io.netty.leakDetection.level", "simple");
    assertThat(NettyDefaults.applyTo(chosen).getProperty("io.netty.leakDetection.level")).isEqualTo("simple");
  }

  @Test
  void theTestsThemselvesRunWithParanoidLeakDetection() {
    // the reactor's test argLine sets it: the suites must keep catching leaks on every buffer
    assertThat(System.getProperty("io.netty.leakDetection.level")).isEqualTo("paranoid");
  }
}
