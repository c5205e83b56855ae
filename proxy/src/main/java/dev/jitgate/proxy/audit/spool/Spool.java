package dev.jitgate.proxy.audit.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, append-only spool of opaque records in segment files {@code <16-hex first sequence>.seg}
 * (record layout in {@link RecordFormat}), with an {@code ack} file holding the acknowledgement
 * position.
 *
 * <pre>
 *  appenders (many threads) ──append──▶ [active segment] ──roll──▶ [segment] [segment] …
 *                                            │ force (ALWAYS: caller or sync thread; INTERVAL: flusher thread)
 *  shipper (one thread) ◀──read(after)── segment files ──acknowledge(through)──▶ ack file, delete segments
 * </pre>
 *
 * <p>Appends take one short lock (a positional write to the page cache, no fsync) unless the
 * policy is {@link FsyncPolicy.Always}; concurrent forcing appenders share one fsync (group commit).
 * {@link #appendDurably} (blocking) and {@link #appendDurablyAsync} (a future completed by a sync
 * thread) force under every policy, for fail-closed auditing. {@link FsyncPolicy.Interval} forces
 * only from its background flusher, never on an appending thread. Reads come from the
 * files, never from memory, and skip records whose CRC no longer matches. One thread reads and
 * acknowledges; a segment is deleted only when every record in it is acknowledged.
 */
public final class Spool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
  private static final String LOCK_FILE = "lock";
  /** Reads of back-to-back records stop growing at this size (a window is bounded by the caller's maxBytes). */
  private static final long MAX_READ_BYTES = 4L << 20;

  private final SpoolConfig config;
  private final Clock clock;
  private final Fsync fsync;
  private final AckFile ackFile;
  private final RecoveryReport recoveryReport;
  private final FileChannel lockChannel;
  private final FileLock directoryLock;
  private final ReentrantLock lock = new ReentrantLock();
  /** Where {@link #write} encodes each record (direct: the channel writes it without another copy); under lock. */
  private ByteBuffer recordBuffer = ByteBuffer.allocateDirect(8192);
  private final CRC32C crc = new CRC32C();
  private final ReentrantLock forceLock = new ReentrantLock();
  private final ReentrantLock ackLock = new ReentrantLock();
  private final AtomicLong durableSequence = new AtomicLong();
  private final AtomicLong corruptReads = new AtomicLong();
  private final AtomicLong segmentForces = new AtomicLong();
  private final List<Segment> segments;
  private final ScheduledExecutorService flusher;
  private final ScheduledThreadPoolExecutor syncer;
  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean syncScheduled = new AtomicBoolean();
  /** Under {@link FsyncPolicy.Always}: the least time between two group forces nobody waits for; 0 = back to back. */
  private final long groupDelayNanos;
  /** A group force (see {@link #appendForcedSoon}) is scheduled on the sync thread. */
  private final AtomicBoolean groupScheduled = new AtomicBoolean();
  /** {@link System#nanoTime()} when the last group force started (written by the sync thread). */
  private volatile long lastGroupForceNanos;
  private Segment active;
  private volatile long lastSequence;
  private long acknowledged;
  private long totalBytes;
  private long backlogRecords;
  private long backlogBytes;
  private boolean closed;

  private Spool(SpoolConfig config, Clock clock, Fsync fsync, AckFile ackFile, FileChannel lockChannel,
      FileLock directoryLock, SpoolRecovery.Result recovered, AckFile.Position ack) {
    this.config = config;
    this.clock = clock;
    this.fsync = fsync;
    this.ackFile = ackFile;
    this.lockChannel = lockChannel;
    this.directoryLock = directoryLock;
    this.segments = new ArrayList<>(recovered.segments());
    this.acknowledged = ack.sequence();
    this.lastSequence = Math.max(recovered.highestSequence(), ack.sequence());
    this.durableSequence.set(lastSequence);
    for (Segment segment : segments) {
      totalBytes += segment.size;
      for (int i = segment.indexAfter(acknowledged); i < segment.count(); i++) {
        backlogRecords++;
        backlogBytes += RecordFormat.HEADER_BYTES + segment.length(i);
      }
    }
    this.active = segments.isEmpty() ? null : segments.getLast();
    this.recoveryReport = new RecoveryReport(recovered.segments().size() + recovered.quarantined().size(),
        recovered.records(), recovered.tornTailBytes(), recovered.corruptBytes(), recovered.corruptRegions(),
        recovered.quarantined(), ack.sequence(), ack.state());
    this.syncer = new ScheduledThreadPoolExecutor(1, daemon("jitgate-spool-sync"));
    this.syncer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() forces what is pending itself
    this.groupDelayNanos = switch (config.fsync()) {
      case FsyncPolicy.Always always -> always.groupDelay().toNanos();
      case FsyncPolicy.Interval interval -> 0;
      case FsyncPolicy.Never never -> 0;
    };
    this.lastGroupForceNanos = System.nanoTime() - groupDelayNanos;
    this.flusher = switch (config.fsync()) {
      case FsyncPolicy.Interval interval -> startFlusher(interval.interval());
      case FsyncPolicy.Always always -> null;
      case FsyncPolicy.Never never -> null;
    };
  }

  /** Opens (creating if needed) and recovers the spool in {@code config.directory()}. */
  public static Spool open(SpoolConfig config) throws IOException {
    return open(config, Clock.systemUTC(), Fsync.system());
  }

  static Spool open(SpoolConfig config, Clock clock, Fsync fsync) throws IOException {
    Objects.requireNonNull(config, "config");
    Path directory = config.directory();
    Files.createDirectories(directory);
    FileChannel lockChannel =
        FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock directoryLock;
      try {
        directoryLock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        directoryLock = null;
      }
      if (directoryLock == null) {
        throw new IOException("audit spool directory " + directory + " is already open");
      }
      AckFile ackFile = new AckFile(directory, fsync);
      AckFile.Position ack = ackFile.read();
      SpoolRecovery.Result recovered = SpoolRecovery.recover(directory, config.maxRecordBytes(), fsync);
      Spool spool = new Spool(config, clock, fsync, ackFile, lockChannel, directoryLock, recovered, ack);
      try {
        spool.deleteAcknowledgedSegments();
      } catch (IOException | RuntimeException e) {
        try {
          spool.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      return spool;
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
  }

  /**
   * Appends a record and returns its sequence. Under {@link FsyncPolicy.Always} the record is on
   * disk when this returns; otherwise it is in the page cache (see {@link #durableSequence()}).
   *
   * @throws SpoolFullException when the record would take the spool over {@code maxTotalBytes}
   * @throws IllegalArgumentException when the payload is larger than {@code maxRecordBytes}
   */
  public long append(byte[] payload) throws SpoolFullException, IOException {
    return append(payload, requireLength(payload));
  }

  /** {@link #append(byte[])} of {@code payload[0, length)}. */
  public long append(byte[] payload, int length) throws SpoolFullException, IOException {
    long sequence = write(payload, length);
    switch (config.fsync()) {
      case FsyncPolicy.Always always -> forceThrough(sequence);
      case FsyncPolicy.Interval interval -> { }
      case FsyncPolicy.Never never -> { }
    }
    return sequence;
  }

  /**
   * Appends a record and returns its sequence once it is on disk, whatever the fsync policy. If the
   * force fails with an {@link IOException}, the record was written and may still be shipped.
   */
  public long appendDurably(byte[] payload) throws SpoolFullException, IOException {
    long sequence = write(payload, requireLength(payload));
    forceThrough(sequence);
    return sequence;
  }

  /**
   * Appends a record without blocking on fsync and returns a future that completes with its
   * sequence once it is on disk, whatever the fsync policy (for fail-closed auditing on event-loop
   * threads). The future completes on the spool's sync thread: hop back to your own executor before
   * doing real work. It fails if forcing fails or the spool is closed before the record was forced.
   *
   * @throws SpoolFullException when the record would take the spool over {@code maxTotalBytes}
   */
  public CompletableFuture<Long> appendDurablyAsync(byte[] payload) throws SpoolFullException, IOException {
    return appendDurablyAsync(payload, requireLength(payload));
  }

  /** {@link #appendDurablyAsync(byte[])} of {@code payload[0, length)}. */
  public CompletableFuture<Long> appendDurablyAsync(byte[] payload, int length)
      throws SpoolFullException, IOException {
    long sequence = write(payload, length);
    if (durableSequence.get() >= sequence) {
      return CompletableFuture.completedFuture(sequence);
    }
    CompletableFuture<Long> durable = new CompletableFuture<>();
    waiters.add(new Waiter(sequence, durable));
    scheduleSync();
    return durable;
  }

  /**
   * Appends a record and has the sync thread force it soon, with whatever else is pending, without anyone
   * waiting for it: {@link FsyncPolicy.Always} for appenders that must not block (event loops) and need no
   * answer (fail-open auditing). The force comes at once when the sync thread's previous one is at least the
   * policy's group delay ago, otherwise when that delay is over, so that a busy spool forces at most once per
   * delay however many records arrive. Returns the record's sequence.
   *
   * @throws SpoolFullException when the record would take the spool over {@code maxTotalBytes}
   */
  public long appendForcedSoon(byte[] payload) throws SpoolFullException, IOException {
    return appendForcedSoon(payload, requireLength(payload));
  }

  /** {@link #appendForcedSoon(byte[])} of {@code payload[0, length)}. */
  public long appendForcedSoon(byte[] payload, int length) throws SpoolFullException, IOException {
    long sequence = write(payload, length);
    if (durableSequence.get() < sequence) {
      scheduleGroupForce();
    }
    return sequence;
  }

  /**
   * Makes sure one group force is scheduled, no sooner than the group delay after the previous one started (with
   * no delay: at once, so forces run back to back while appends keep coming).
   */
  private void scheduleGroupForce() {
    if (!groupScheduled.compareAndSet(false, true)) {
      return;
    }
    long wait = lastGroupForceNanos + groupDelayNanos - System.nanoTime();
    try {
      syncer.schedule(this::groupForce, Math.max(0, wait), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      groupScheduled.set(false); // closed: close() forced what was written
    }
  }

  private void groupForce() {
    groupScheduled.set(false); // appends from here on schedule the next group force themselves
    lastGroupForceNanos = System.nanoTime();
    flushPending();
  }

  /** A caller of {@link #appendDurablyAsync} waiting for its record to be forced. */
  private record Waiter(long sequence, CompletableFuture<Long> durable) {}

  /**
   * Makes sure one sync run is queued: however many appenders wait, the sync thread runs one force for all
   * records written so far, then completes every waiter it covered (group commit without a task per record).
   */
  private void scheduleSync() {
    if (!syncScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      syncer.execute(this::syncWaiters);
    } catch (RejectedExecutionException e) {
      syncScheduled.set(false);
      failWaiters(new IOException("audit spool " + config.directory() + " is closed", e));
    }
  }

  private void syncWaiters() {
    syncScheduled.set(false); // appends from here on schedule the next run themselves
    long target = lastSequence;
    Exception failure = null;
    try {
      forceThrough(target);
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    List<Waiter> later = new ArrayList<>();
    boolean toldWaiter = false;
    for (Waiter w = waiters.poll(); w != null; w = waiters.poll()) {
      if (w.sequence() > target) {
        later.add(w);
      } else if (failure == null) {
        w.durable().complete(w.sequence());
      } else {
        w.durable().completeExceptionally(failure);
        toldWaiter = true;
      }
    }
    if (failure != null && !toldWaiter) { // records forced "soon" for nobody in particular: say it here
      LOG.error("ALERT audit spool {}: forcing records through {} to disk failed: {}", config.directory(), target,
          failure.toString());
    }
    if (!later.isEmpty()) {
      waiters.addAll(later);
      scheduleSync();
    }
  }

  private void failWaiters(IOException failure) {
    for (Waiter w = waiters.poll(); w != null; w = waiters.poll()) {
      w.durable().completeExceptionally(failure);
    }
  }

  /**
   * Up to {@code maxRecords} records with a sequence above both {@code afterSequence} and the
   * acknowledgement position, in order, read from the segment files. {@code maxBytes} bounds the sum
   * of payload sizes, except that a first record larger than it is still returned.
   */
  public List<SpoolRecord> read(long afterSequence, int maxRecords, int maxBytes) throws IOException {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be at least 1, was " + maxRecords);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
    }
    long after = afterSequence;
    while (true) {
      List<Location> wanted = window(after, maxRecords, maxBytes);
      if (wanted.isEmpty()) {
        return List.of();
      }
      List<SpoolRecord> records = readIntact(wanted);
      if (!records.isEmpty()) {
        return records;
      }
      // every record of the window is damaged: move past it rather than return nothing forever (the
      // consumer sees the missing sequences; the auditor's chain check reports them)
      after = wanted.getLast().sequence();
    }
  }

  private List<Location> window(long afterSequence, int maxRecords, int maxBytes) throws IOException {
    List<Location> wanted = new ArrayList<>();
    lock.lock();
    try {
      ensureOpen();
      long from = Math.max(afterSequence, acknowledged);
      long bytes = 0;
      collect:
      for (Segment segment : segments) {
        if (segment.lastSequence() <= from) {
          continue;
        }
        for (int i = segment.indexAfter(from); i < segment.count(); i++) {
          int length = segment.length(i);
          if (wanted.size() == maxRecords || (!wanted.isEmpty() && bytes + length > maxBytes)) {
            break collect;
          }
          bytes += length;
          wanted.add(new Location(segment, segment.sequence(i), segment.offset(i), length, segment.appendedAtMillis(i)));
        }
      }
    } finally {
      lock.unlock();
    }
    return wanted;
  }

  /**
   * Reads the records of {@code wanted} from their files: each run of records that lie back to back in one
   * segment (the normal case: a whole window) with one positional read, then checks every record's CRC.
   */
  private List<SpoolRecord> readIntact(List<Location> wanted) throws IOException {
    List<SpoolRecord> records = new ArrayList<>(wanted.size());
    int from = 0;
    while (from < wanted.size()) {
      Location first = wanted.get(from);
      int to = from + 1;
      long end = first.offset() + RecordFormat.HEADER_BYTES + first.length();
      while (to < wanted.size() && wanted.get(to).segment() == first.segment() && wanted.get(to).offset() == end
          && end - first.offset() < MAX_READ_BYTES) {
        end += RecordFormat.HEADER_BYTES + wanted.get(to).length();
        to++;
      }
      byte[] bytes = new byte[Math.toIntExact(end - first.offset())];
      readFully(first.segment().channel, ByteBuffer.wrap(bytes), first.offset());
      int at = 0;
      for (int i = from; i < to; i++) {
        Location location = wanted.get(i);
        int recordEnd = at + RecordFormat.HEADER_BYTES + location.length();
        RecordFormat.Header header =
            RecordFormat.parse(bytes, at, recordEnd, location.sequence() - 1, Integer.MAX_VALUE);
        if (header == null || header.sequence() != location.sequence() || header.length() != location.length()) {
          corruptReads.incrementAndGet();
          LOG.warn("audit spool segment {}: record {} at offset {} is corrupt on disk; skipped",
              location.segment().path.getFileName(), location.sequence(), location.offset());
        } else {
          records.add(new SpoolRecord(location.sequence(), Instant.ofEpochMilli(location.appendedAtMillis()),
              Arrays.copyOfRange(bytes, at + RecordFormat.HEADER_BYTES, recordEnd)));
        }
        at = recordEnd;
      }
      from = to;
    }
    return records;
  }

  /**
   * Marks every record up to {@code throughSequence} as delivered: persists the position in the
   * {@code ack} file (atomically), then deletes the segments whose records are all acknowledged.
   * A position at or below the current one is ignored.
   *
   * @throws IllegalArgumentException when {@code throughSequence} is beyond the last appended record
   */
  public void acknowledge(long throughSequence) throws IOException {
    ackLock.lock();
    try {
      lock.lock();
      try {
        ensureOpen();
        if (throughSequence <= acknowledged) {
          return;
        }
        if (throughSequence > lastSequence) {
          throw new IllegalArgumentException("throughSequence " + throughSequence
              + " is beyond the last appended sequence " + lastSequence);
        }
      } finally {
        lock.unlock();
      }
      ackFile.write(throughSequence);
      lock.lock();
      try {
        for (Segment segment : segments) {
          for (int i = segment.indexAfter(acknowledged); i < segment.count() && segment.sequence(i) <= throughSequence;
              i++) {
            backlogRecords--;
            backlogBytes -= RecordFormat.HEADER_BYTES + segment.length(i);
          }
        }
        acknowledged = throughSequence;
      } finally {
        lock.unlock();
      }
      deleteAcknowledgedSegments();
    } finally {
      ackLock.unlock();
    }
  }

  /** The sequence up to which every appended record is known to be on disk. */
  public long durableSequence() {
    return durableSequence.get();
  }

  /** The highest sequence appended (or recovered); 0 for a new spool. */
  public long lastSequence() {
    return lastSequence;
  }

  /** The acknowledgement position. */
  public long acknowledgedSequence() {
    lock.lock();
    try {
      return acknowledged;
    } finally {
      lock.unlock();
    }
  }

  /** Records not yet acknowledged. */
  public long backlogRecords() {
    lock.lock();
    try {
      return backlogRecords;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes (headers included) of the records not yet acknowledged. */
  public long backlogBytes() {
    lock.lock();
    try {
      return backlogBytes;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes of all segment files, the figure the cap applies to. */
  public long totalBytes() {
    lock.lock();
    try {
      return totalBytes;
    } finally {
      lock.unlock();
    }
  }

  /** Segment files held. */
  public int segmentCount() {
    lock.lock();
    try {
      return segments.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Age of the oldest unacknowledged record, from the append time stored in its header;
   * {@link Duration#ZERO} when the backlog is empty.
   */
  public Duration oldestUnacknowledgedAge() {
    lock.lock();
    try {
      for (Segment segment : segments) {
        int index = segment.indexAfter(acknowledged);
        if (index < segment.count()) {
          return Duration.ofMillis(Math.max(0, clock.millis() - segment.appendedAtMillis(index)));
        }
      }
      return Duration.ZERO;
    } finally {
      lock.unlock();
    }
  }

  /** Records skipped by {@link #read} because they were damaged on disk after recovery. */
  public long corruptRecordsSkipped() {
    return corruptReads.get();
  }

  /** Forces (fsync calls) of segment files so far. */
  public long segmentForces() {
    return segmentForces.get();
  }

  /** What recovery found when this spool was opened. */
  public RecoveryReport recoveryReport() {
    return recoveryReport;
  }

  /** Stops the flusher, forces what is pending (unless the policy is NEVER) and closes the files. */
  @Override
  public void close() throws IOException {
    if (!markClosed()) {
      return;
    }
    stopFlusher();
    stop(syncer);
    failWaiters(new IOException("audit spool " + config.directory() + " closed before the record was forced"));
    IOException failure = null;
    switch (config.fsync()) {
      case FsyncPolicy.Never never -> { }
      case FsyncPolicy.Always always -> failure = forceQuietly();
      case FsyncPolicy.Interval interval -> failure = forceQuietly();
    }
    failure = closeFiles(failure);
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Test seam modelling a process crash: stops the flusher, then closes every file without forcing
   * and reports what was known to be durable at that moment.
   */
  CrashPoint crash() throws IOException {
    markClosed();
    stopFlusher();
    stop(syncer);
    forceLock.lock();
    try {
      Segment last = segments.isEmpty() ? null : segments.getLast();
      CrashPoint point = new CrashPoint(durableSequence.get(), last == null ? null : last.path,
          last == null ? 0 : last.forcedSize);
      IOException failure = closeFiles(null);
      if (failure != null) {
        throw failure;
      }
      return point;
    } finally {
      forceLock.unlock();
    }
  }

  /** Where each indexed record lies on disk (test seam for corruption tests). */
  List<RecordLocation> locations() {
    lock.lock();
    try {
      List<RecordLocation> locations = new ArrayList<>();
      for (Segment segment : segments) {
        for (int i = 0; i < segment.count(); i++) {
          locations.add(new RecordLocation(segment.sequence(i), segment.path, segment.offset(i),
              RecordFormat.HEADER_BYTES + segment.length(i)));
        }
      }
      return locations;
    } finally {
      lock.unlock();
    }
  }

  /** What a crash left: records through {@code durableSequence} and bytes below {@code forcedSize} are on disk. */
  record CrashPoint(long durableSequence, Path lastSegment, long lastSegmentForcedSize) {}

  /** One record's place in a segment file. */
  record RecordLocation(long sequence, Path segment, long offset, int bytes) {}

  private record Location(Segment segment, long sequence, long offset, int length, long appendedAtMillis) {}

  private static int requireLength(byte[] payload) {
    return Objects.requireNonNull(payload, "payload").length;
  }

  /** Writes {@code payload[0, length)} as the next record (encoded into the spool's reused buffer, one pwrite). */
  private long write(byte[] payload, int length) throws SpoolFullException, IOException {
    Objects.requireNonNull(payload, "payload");
    Objects.checkFromIndexSize(0, length, payload.length);
    if (length > config.maxRecordBytes()) {
      throw new IllegalArgumentException("payload of " + length
          + " bytes exceeds spool.maxRecordBytes " + config.maxRecordBytes());
    }
    long recordBytes = (long) RecordFormat.HEADER_BYTES + length;
    lock.lock();
    try {
      ensureOpen();
      if (totalBytes + recordBytes > config.maxTotalBytes()) {
        throw new SpoolFullException(totalBytes, recordBytes, config.maxTotalBytes());
      }
      long sequence = lastSequence + 1;
      if (active == null || (active.size > 0 && active.size + recordBytes > config.segmentBytes())) {
        active = createSegment(sequence);
      }
      long now = clock.millis();
      long at = active.size;
      try {
        writeFully(active.channel, encoded(sequence, now, payload, length), at);
      } catch (IOException e) {
        try {
          active.channel.truncate(at);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      active.add(sequence, at, length, now);
      active.size += recordBytes;
      totalBytes += recordBytes;
      backlogRecords++;
      backlogBytes += recordBytes;
      lastSequence = sequence;
      return sequence;
    } finally {
      lock.unlock();
    }
  }

  /** The record in {@link #recordBuffer}, ready to write; call with {@link #lock} held. */
  private ByteBuffer encoded(long sequence, long now, byte[] payload, int length) {
    int size = RecordFormat.HEADER_BYTES + length;
    if (recordBuffer.capacity() < size) {
      recordBuffer = ByteBuffer.allocateDirect(Math.max(size, recordBuffer.capacity() * 2));
    }
    RecordFormat.encode(recordBuffer.clear(), crc, sequence, now, payload, length);
    return recordBuffer.flip();
  }

  private Segment createSegment(long baseSequence) throws IOException {
    Path path = config.directory().resolve(Segment.fileName(baseSequence));
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    Segment segment = new Segment(path, baseSequence, channel, 0);
    segments.add(segment);
    return segment;
  }

  /**
   * Makes every record through {@code sequence} durable. One caller at a time forces all segments
   * with unforced bytes (and the directory after a new segment); callers whose record was covered by
   * someone else's force return at once.
   */
  private void forceThrough(long sequence) throws IOException {
    if (durableSequence.get() >= sequence) {
      return;
    }
    forceLock.lock();
    try {
      if (durableSequence.get() >= sequence) {
        return;
      }
      long upTo;
      List<Segment> dirty = new ArrayList<>();
      List<Long> sizes = new ArrayList<>();
      List<Segment> unnamed = new ArrayList<>();
      lock.lock();
      try {
        upTo = lastSequence;
        for (Segment segment : segments) {
          if (segment.size > segment.forcedSize) {
            dirty.add(segment);
            sizes.add(segment.size);
          }
          if (!segment.directorySynced) {
            unnamed.add(segment);
          }
        }
      } finally {
        lock.unlock();
      }
      for (int i = 0; i < dirty.size(); i++) {
        Segment segment = dirty.get(i);
        try {
          fsync.force(segment.channel);
          segmentForces.incrementAndGet();
        } catch (ClosedChannelException e) {
          if (!segment.deleted) {
            throw e;
          }
          continue;
        }
        lock.lock();
        try {
          segment.forcedSize = Math.max(segment.forcedSize, sizes.get(i));
        } finally {
          lock.unlock();
        }
      }
      if (!unnamed.isEmpty()) {
        fsync.forceDirectory(config.directory());
        lock.lock();
        try {
          unnamed.forEach(segment -> segment.directorySynced = true);
        } finally {
          lock.unlock();
        }
      }
      durableSequence.accumulateAndGet(upTo, Math::max);
    } finally {
      forceLock.unlock();
    }
  }

  private ScheduledExecutorService startFlusher(Duration interval) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(daemon("jitgate-spool-flusher"));
    long nanos = interval.toNanos();
    executor.scheduleWithFixedDelay(this::flushPending, nanos, nanos, TimeUnit.NANOSECONDS);
    return executor;
  }

  private static ThreadFactory daemon(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Forces every record written so far (flusher and group forces); a failure is logged as an ALERT. */
  private void flushPending() {
    long last = lastSequence;
    if (durableSequence.get() >= last) {
      return;
    }
    try {
      forceThrough(last);
    } catch (IOException | RuntimeException e) {
      LOG.error("ALERT audit spool {}: forcing records through {} to disk failed: {}", config.directory(), last,
          e.toString());
    }
  }

  private void deleteAcknowledgedSegments() throws IOException {
    List<Segment> doomed = new ArrayList<>();
    lock.lock();
    try {
      for (Segment segment : List.copyOf(segments)) {
        if (segment.lastSequence() <= acknowledged) {
          segments.remove(segment);
          totalBytes -= segment.size;
          segment.deleted = true;
          if (segment == active) {
            active = null;
          }
          doomed.add(segment);
        }
      }
    } finally {
      lock.unlock();
    }
    for (Segment segment : doomed) {
      segment.channel.close();
      Files.deleteIfExists(segment.path);
    }
  }

  private boolean markClosed() {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void stopFlusher() {
    if (flusher != null) {
      stop(flusher);
    }
  }

  /** Lets queued work finish; shutdown, not shutdownNow: an interrupt inside FileChannel.force closes the channel. */
  private static void stop(ExecutorService executor) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("audit spool background thread did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private IOException forceQuietly() {
    try {
      forceThrough(lastSequence);
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  private IOException closeFiles(IOException failure) {
    List<Segment> open;
    lock.lock();
    try {
      open = List.copyOf(segments);
    } finally {
      lock.unlock();
    }
    for (Segment segment : open) {
      failure = closeQuietly(segment.channel, failure);
    }
    try {
      directoryLock.release();
    } catch (IOException e) {
      failure = addFailure(failure, e);
    }
    return closeQuietly(lockChannel, failure);
  }

  private static IOException closeQuietly(FileChannel channel, IOException failure) {
    try {
      channel.close();
      return failure;
    } catch (IOException e) {
      return addFailure(failure, e);
    }
  }

  private static IOException addFailure(IOException failure, IOException next) {
    if (failure == null) {
      return next;
    }
    failure.addSuppressed(next);
    return failure;
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("audit spool " + config.directory() + " is closed");
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new IOException("audit spool segment ended early at offset " + at);
      }
      at += read;
    }
  }
}
