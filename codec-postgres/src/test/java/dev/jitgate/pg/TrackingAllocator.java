package dev.jitgate.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An unpooled heap allocator that remembers every buffer it hands out, for explicit leak checks
 * ({@link #assertAllReleased()}) and for checking that a decoder did not buffer more than it should
 * ({@link #largestCapacity()}). Buffers also get Netty's leak-aware wrappers, so paranoid leak
 * detection records their use and reports them if they are collected unreleased. Give one to an {@code EmbeddedChannel} via {@code config().setAllocator}.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

  private final List<ByteBuf> allocated = new ArrayList<>();
  private int largestCapacity;

  public TrackingAllocator() {
    super(false);
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    largestCapacity = Math.max(largestCapacity, initialCapacity);
    ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    allocated.add(buf);
    // Netty 4.2 no longer tracks unpooled heap buffers; opt in so paranoid leak detection sees these.
    return toLeakAwareBuffer(buf);
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return newHeapBuffer(initialCapacity, maxCapacity);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  /** A heap buffer holding exactly {@code bytes}. */
  public ByteBuf wrap(byte[] bytes) {
    return heapBuffer(bytes.length).writeBytes(bytes);
  }

  /** The largest capacity any buffer from this allocator has now or was created with. */
  public int largestCapacity() {
    int max = largestCapacity;
    for (ByteBuf b : allocated) {
      if (b.refCnt() > 0) {
        max = Math.max(max, b.capacity());
      }
    }
    return max;
  }

  public int allocationCount() {
    return allocated.size();
  }

  /** Fails unless every buffer handed out has been released exactly to zero. */
  public void assertAllReleased() {
    for (int i = 0; i < allocated.size(); i++) {
      assertThat(allocated.get(i).refCnt()).as("refCnt of buffer #%d of %d", i, allocated.size()).isZero();
    }
  }

  /** {@link #assertAllReleased()}, then forgets the buffers. */
  public void assertAllReleasedAndReset() {
    try {
      assertAllReleased();
    } finally {
      allocated.clear();
      largestCapacity = 0;
    }
  }
}
