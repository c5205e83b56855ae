package dev.jitgate.access.service;

import static dev.jitgate.access.service.RequestLifecycleServiceTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.ChangeSet;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Read-decide-commit retries when another writer gets in between the read and the commit. */
class ConcurrencyServiceTest {
  /** Runs at the next commit before it reaches the store (once), simulating a concurrent writer. */
  private final AtomicReference<Consumer<AccessStore>> interloper = new AtomicReference<>();
  /** When positive, that many next commits are preceded by an interfering write. */
  private final AtomicInteger interferences = new AtomicInteger();
  private ServiceHarness h;

  private AccessStore intercepting(AccessStore real) {
    return (AccessStore) Proxy.newProxyInstance(AccessStore.class.getClassLoader(),
        new Class<?>[] {AccessStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("commit") && args[0] instanceof ChangeSet) {
            Consumer<AccessStore> other = interloper.get();
            if (other != null && interferences.getAndDecrement() > 0) {
              other.accept(real);
            }
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aConcurrentApprovalIsReadAgainAndBothCount() {
    h = new ServiceHarness(this::intercepting).seeded();
    h.manualFlow(2);
    AccessRequest r = h.service.createRequest(h.actor("alice"), h.ask("orders", Duration.ofHours(1)));
    Actor carol = h.actor("carol");
    interloper.set(store -> {
      interloper.set(null);
      h.service.approve(carol, r.id(), "first");
    });
    interferences.set(1);
    AccessRequest approved = h.service.approve(h.actor("bob"), r.id(), "second");
    assertThat(approved.state()).isEqualTo(RequestState.APPROVED);
    assertThat(approved.approvals()).extracting(a -> a.approver()).containsExactly("carol", "bob");
  }

  @Test
  void aWriterThatKeepsLosingGetsAConflict() {
    h = new ServiceHarness(this::intercepting).seeded();
    h.manualFlow(1);
    AccessRequest r = h.service.createRequest(h.actor("alice"), h.ask("orders", Duration.ofHours(1)));
    AtomicInteger bumps = new AtomicInteger();
    interloper.set(store -> {
      Consumer<AccessStore> self = interloper.getAndSet(null);
      h.service.putPrincipal(ServiceHarness.ROOT, ServiceHarness.user("x" + bumps.incrementAndGet(),
          java.util.Set.of()));
      AccessRequest current = store.request(r.id()).orElseThrow();
      store.commit(ChangeSet.builder().put(current).build());
      interloper.set(self);
    });
    interferences.set(100);
    assertRejected(() -> h.service.cancel(h.actor("alice"), r.id()), RejectionCode.CONFLICT, "kept changing");
    assertThat(h.store.request(r.id()).orElseThrow().state()).isEqualTo(RequestState.PENDING);
  }
}
