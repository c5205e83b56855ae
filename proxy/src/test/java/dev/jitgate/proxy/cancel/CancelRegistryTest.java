package dev.jitgate.proxy.cancel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.pg.Bytes;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancelRegistryTest {

  private final CancelRegistry registry = new CancelRegistry(new SecureRandom());

  @Test
  void findsTheTargetOnlyWithTheExactKey() {
    AtomicInteger cancels = new AtomicInteger();
    CancelKey key = registry.register(cancels::incrementAndGet, 32);
    assertThat(key.secret().length()).isEqualTo(32);
    assertThat(key.processId()).isPositive();

    registry.find(key.processId(), key.secret()).orElseThrow().cancelUpstreamQuery();
    assertThat(cancels).hasValue(1);

    byte[] wrong = key.secret().toArray();
    wrong[31] ^= 1;
    assertThat(registry.find(key.processId(), Bytes.of(wrong))).isEmpty();
    assertThat(registry.find(key.processId(), Bytes.of(new byte[4]))).as("wrong length").isEmpty();
    assertThat(registry.find(key.processId() + 1, key.secret())).isEmpty();
  }

  @Test
  void unregisteredKeysFindNothing() {
    CancelKey key = registry.register(() -> {}, 4);
    registry.unregister(key);
    assertThat(registry.find(key.processId(), key.secret())).isEmpty();
    assertThat(registry.size()).isZero();
  }

  @Test
  void processIdsAreUniqueAmongLiveSessions() {
    Set<Integer> pids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(pids.add(registry.register(() -> {}, 4).processId())).isTrue();
    }
    assertThat(registry.size()).isEqualTo(10_000);
  }

  @Test
  void toStringHidesTheSecret() {
    CancelKey key = new CancelKey(42, Bytes.of(new byte[] {1, 2, 3, 4}));
    assertThat(key.toString()).contains("42").doesNotContain("[1, 2, 3, 4]").contains("4 bytes");
  }
}
