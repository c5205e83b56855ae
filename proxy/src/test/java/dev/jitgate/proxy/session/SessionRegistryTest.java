package dev.jitgate.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionRegistryTest {

  @Test
  void perUserLimitCountsAndReleases() {
    SessionRegistry r = new SessionRegistry(10, 2);
    assertThat(r.tryAcquireUser("alice")).isTrue();
    assertThat(r.tryAcquireUser("alice")).isTrue();
    assertThat(r.tryAcquireUser("alice")).isFalse();
    assertThat(r.tryAcquireUser("bob")).isTrue();
    r.releaseUser("alice");
    assertThat(r.tryAcquireUser("alice")).isTrue();
  }

  @Test
  void zeroMeansNoPerUserLimit() {
    SessionRegistry r = new SessionRegistry(10, 0);
    for (int i = 0; i < 1000; i++) {
      assertThat(r.tryAcquireUser("alice")).isTrue();
    }
  }

  @Test
  void globalLimit() {
    SessionRegistry r = new SessionRegistry(2, 0);
    ClientSession a = new ClientSession(null);
    ClientSession b = new ClientSession(null);
    ClientSession c = new ClientSession(null);
    assertThat(r.tryOpen(a)).isTrue();
    assertThat(r.tryOpen(b)).isTrue();
    assertThat(r.tryOpen(c)).isFalse();
    r.close(a);
    r.close(a);
    assertThat(r.size()).isEqualTo(1);
    assertThat(r.tryOpen(c)).isTrue();
    assertThat(r.snapshot()).containsExactlyInAnyOrder(b, c);
  }
}
