package dev.jitgate.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jitgate.access.service.AccessService;
import dev.jitgate.access.service.SweepResult;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SweeperTest {

  @Test
  void keepsSweepingAfterAFailure() {
    AtomicInteger calls = new AtomicInteger();
    AccessService service = (AccessService) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {AccessService.class}, (proxy, method, args) -> {
          if (!method.getName().equals("sweep")) {
            throw new UnsupportedOperationException(method.getName());
          }
          if (calls.incrementAndGet() % 2 == 1) {
            throw new IllegalStateException("store unreachable");
          }
          return new SweepResult(1, 0);
        });
    try (Sweeper sweeper = Sweeper.start(service, Duration.ofMillis(20))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 5);
    }
    int afterClose = calls.get();
    assertThat(afterClose).isGreaterThanOrEqualTo(5);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> calls.get() == afterClose);
  }
}
