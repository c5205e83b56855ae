package dev.jitgate.access.ids;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Deterministic UUIDv7-shaped ids for tests: {@code 00000000-0000-7000-8000-000000000001}, then
 * {@code …002}, and so on. Never use it in production: the ids are guessable.
 */
public final class SequentialIdGenerator implements IdGenerator {
  private final AtomicLong next = new AtomicLong();

  @Override
  public String next() {
    return String.format("00000000-0000-7000-8000-%012x", next.incrementAndGet());
  }
}
