package dev.jitgate.proxy.audit.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jitgate.proxy.audit.spool.FsyncPolicy;
import dev.jitgate.proxy.audit.spool.Spool;
import dev.jitgate.proxy.audit.spool.SpoolConfig;
import dev.jitgate.proxy.audit.spool.SpoolFullException;
import dev.jitgate.proxy.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class ShipperTest {

  private static final String TOKEN = "s3cr3t-T0ken-for-the-auditor";
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : closeables.reversed()) {
      closeable.close();
    }
  }

  @Test
  void batchesByCountWithGzipNdjsonHeadersAndToken(TestInfo info) throws Exception {
    Spool spool = spool(info);
    List<String> events = append(spool, 30, i -> event(i, 20));
    RecordingAuditor auditor = track(RecordingAuditor.start(0));

    Shipper shipper = start(config(auditor.endpoint(), 10, 1 << 20, Duration.ofSeconds(30)), spool);

    await().atMost(WAIT).until(() -> spool.acknowledgedSequence() == 30);
    List<RecordingAuditor.Received> requests = auditor.received();
    assertThat(requests).extracting(RecordingAuditor.Received::batch).containsExactly("1-10", "11-20", "21-30");
    assertThat(requests).allSatisfy(request -> {
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/v1/events");
      assertThat(request.contentType()).isEqualTo("application/x-ndjson");
      assertThat(request.contentEncoding()).isEqualTo("gzip");
      assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
      assertThat(request.trailingNewline()).isTrue();
      assertThat(request.lines()).hasSize(10);
    });
    assertThat(auditor.allLines()).containsExactlyElementsOf(events);
    ShipperStatus status = shipper.status();
    assertThat(status.shippedBatches()).isEqualTo(3);
    assertThat(status.shippedRecords()).isEqualTo(30);
    assertThat(status.shippedBytes()).isEqualTo(events.stream().mapToLong(e -> e.length() + 1).sum());
    assertThat(status.acknowledgedSequence()).isEqualTo(30);
    assertThat(status.consecutiveFailures()).isZero();
    assertThat(status.lastSuccessTime()).isPresent();
  }

  @Test
  void gzipLevelZeroShipsStoredBlocksAndTheDefaultCompresses(TestInfo info) throws Exception {
    long[] bodyBytes = new long[2];
    int[] levels = {0, ShipperConfig.DEFAULT_GZIP_LEVEL};
    for (int l = 0; l < levels.length; l++) {
      Spool spool = spool(info, "level-" + levels[l]);
      List<String> events = append(spool, 20, i -> event(i, 200));
      RecordingAuditor auditor = track(RecordingAuditor.start(0));
      start(config(auditor.endpoint(), 20, 1 << 20, Duration.ZERO, levels[l]), spool);

      await().atMost(WAIT).until(() -> spool.acknowledgedSequence() == 20);
      assertThat(auditor.received()).hasSize(1);
      RecordingAuditor.Received request = auditor.received().getFirst();
      assertThat(request.contentEncoding()).isEqualTo("gzip");
      assertThat(auditor.allLines()).containsExactlyElementsOf(events);
      bodyBytes[l] = request.bodyBytes();
      if (levels[l] == 0) { // stored: the NDJSON as is, plus the gzip and block headers
        assertThat(request.bodyBytes()).isGreaterThan(request.ndjsonBytes());
      }
    }
    assertThat(bodyBytes[1]).as("default level").isLessThan(bodyBytes[0] / 3);
  }

  @Test
  void batchesByUncompressedBytes(TestInfo info) throws Exception {
    Spool spool = spool(info);
    List<String> events = append(spool, 25, i -> event(i, 100));
    RecordingAuditor auditor = track(RecordingAuditor.start(0));
    int lineBytes = events.getFirst().length() + 1;

    start(config(auditor.endpoint(), 1000, lineBytes * 10, Duration.ofMillis(100)), spool);

    await().atMost(WAIT).until(() -> spool.acknowledgedSequence() == 25);
    List<RecordingAuditor.Received> requests = auditor.received();
    assertThat(requests).extracting(request -> request.lines().size()).containsExactly(10, 10, 5);
    assertThat(requests).extracting(RecordingAuditor.Received::batch).containsExactly("1-10", "11-20", "21-25");
    assertThat(requests).allSatisfy(request -> assertThat(request.ndjsonBytes()).isLessThanOrEqualTo(lineBytes * 10L));
    assertThat(auditor.allLines()).containsExactlyElementsOf(events);
  }

  @Test
  void sendsAPartialBatchOnlyAfterTheMaxDelay(TestInfo info) throws Exception {
    Spool spool = spool(info);
    RecordingAuditor auditor = track(RecordingAuditor.start(0));
    Duration maxDelay = Duration.ofMillis(400);
    Shipper shipper = start(config(auditor.endpoint(), 100, 1 << 20, maxDelay), spool);

    long before = System.currentTimeMillis();
    List<String> events = append(spool, 3, i -> event(i, 10));
    shipper.wakeUp();

    await().atMost(WAIT).until(() -> spool.acknowledgedSequence() == 3);
    List<RecordingAuditor.Received> requests = auditor.received();
    assertThat(requests).hasSize(1);
    assertThat(requests.getFirst().lines()).containsExactlyElementsOf(events);
    // the first record's append time is in whole milliseconds, so allow one of slack
    assertThat(requests.getFirst().receivedAtMillis() - before).isGreaterThanOrEqualTo(maxDelay.toMillis() - 1);
  }

  @Test
  void retriesServiceUnavailableAndAcknowledgesOnlyAfterSuccess(TestInfo info) throws Exception {
    Spool spool = spool(info);
    List<String> events = append(spool, 5, i -> event(i, 30));
    List<ShipperStatus> statusAtArrival = new ArrayList<>();
    AtomicReference<Shipper> holder = new AtomicReference<>();
    RecordingAuditor auditor = track(RecordingAuditor.start(0))
        .observeSpool(spool::acknowledgedSequence)
        .respondWith((index, request) -> {
          synchronized (statusAtArrival) {
            statusAtArrival.add(holder.get() == null ? null : holder.get().status());
          }
          return index < 3 ? new RecordingAuditor.Response(503, Map.of(), "{\"title\":\"Busy\"}")
              : RecordingAuditor.Response.ok();
        });

    holder.set(start(config(auditor.endpoint(), 100, 1 << 20, Duration.ZERO), spool));

    await().atMost(WAIT).until(() -> spool.acknowledgedSequence() == 5);
    List<RecordingAuditor.Received> requests = auditor.received();
    assertThat(requests).hasSize(4);
    assertThat(requests.subList(0, 3)).allSatisfy(request -> assertThat(request.spoolAckAtArrival()).isZero());
    assertThat(requests).allSatisfy(request -> {
      assertThat(request.batch()).isEqualTo("1-5");
      assertThat(request.lines()).containsExactlyElementsOf(events);
    });
    synchronized (statusAtArrival) {
      ShipperStatus beforeSuccess = statusAtArrival.get(3);
      assertThat(beforeSuccess.consecutiveFailures()).isEqualTo(3);
      assertThat(beforeSuccess.lastError()).contains("HTTP 503").contains("Busy").contains("1-5");
      assertThat(beforeSuccess.rejecting()).isFalse();
      assertThat(beforeSuccess.acknowledgedSequence()).isZero();
    }
    assertThat(holder.get().status().consecutiveFailures()).isZero();
    assertThat(holder.get().status().lastError()).isEmpty();
  }

  @Test
  void honoursRetryAfterCappedAtBackoffMax(TestInfo info) throws Exception {
    Spool spool = spool(info);
    append(spool, 1, i -> event(i, 10));
    RecordingAuditor auditor = track(RecordingAuditor.start(0)).respondWith((index, request) -> index == 0
        ? new RecordingAuditor.Response(429, Map.of("Retry-After", "120"), "")
        : RecordingAuditor.Response.ok());
    Duration backoffMax = Duration.ofMillis(700);
    ShipperConfig config = new ShipperConfig(auditor.endpoint(), new Secret(TOKEN), 100, 1 << 20, Duration.ZERO,
        Duration.ofSeconds(2), Duration.ofMillis(10), backoffMax, ShipperConfig.DEFAULT_GZIP_LEVEL);

    Shipper shipper = start(config, spool);

    await().atMost(WAIT).until(() -> shipper.status().currentBackoff().equals(backoffMax));
    assertThat(shipper.status().lastError()).contains("HTTP 429");
    await().atMost(WAIT).until(() -> spool.acknowledgedSequence() == 1);
    assertThat(auditor.received()).hasSize(2);
  }

  @Test
  void auditorDownForAWhileThenBackLosesNothing(TestInfo info) throws Exception {
    Spool spool = spool(info);
    RecordingAuditor first = RecordingAuditor.start(0);
    int port = first.port();
    URI endpoint = first.endpoint();
    first.close();

    List<String> events = append(spool, 10, i -> event(i, 30));
    Shipper shipper = start(config(endpoint, 4, 1 << 20, Duration.ZERO), spool);

    await().atMost(WAIT).until(() -> shipper.status().consecutiveFailures() >= 3);
    assertThat(shipper.status().lastError()).contains("1-4").contains("failed");
    assertThat(spool.acknowledgedSequence()).isZero();

    RecordingAuditor back = track(RecordingAuditor.start(port));
    await().atMost(WAIT).until(() -> spool.acknowledgedSequence() == 10);
    assertThat(back.allLines()).containsExactlyElementsOf(events);
    assertThat(back.received()).extracting(RecordingAuditor.Received::batch).containsExactly("1-4", "5-8", "9-10");
    assertThat(shipper.status().consecutiveFailures()).isZero();
  }

  @Test
  void replaysABatchWhoseAcknowledgementWasLostInACrash(TestInfo info) throws Exception {
    Spool spool = spool(info);
    List<String> events = append(spool, 6, i -> event(i, 30));
    RecordingAuditor auditor = track(RecordingAuditor.start(0));
    ShipperConfig config = config(auditor.endpoint(), 100, 1 << 20, Duration.ZERO);
    CountDownLatch crashed = new CountDownLatch(1);

    // the auditor answers 200, then the "process" dies before the spool's ack file is written
    Shipper doomed = Shipper.start(config, spool, new Random(1), through -> {
      crashed.countDown();
      throw new IOException("simulated crash before acknowledging " + through);
    }, Clock.systemUTC());
    assertThat(crashed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    doomed.close();
    assertThat(spool.acknowledgedSequence()).isZero();
    int sentBeforeRestart = auditor.received().size();
    assertThat(sentBeforeRestart).isGreaterThanOrEqualTo(1);

    start(config, spool);

    await().atMost(WAIT).until(() -> spool.acknowledgedSequence() == 6);
    List<String> lines = auditor.allLines();
    assertThat(auditor.received()).hasSizeGreaterThan(sentBeforeRestart)
        .allSatisfy(request -> assertThat(request.batch()).isEqualTo("1-6"));
    assertThat(lines).containsAll(events);
    assertThat(lines).hasSizeGreaterThan(events.size()); // at least once: the replay duplicates
    assertThat(lines.stream().distinct().toList()).containsExactlyElementsOf(events);
  }

  @Test
  void rejectionIsAlertedRetriedNotDroppedAndNeverShowsTheToken(TestInfo info) throws Exception {
    Spool spool = spool(info);
    List<String> events = append(spool, 3, i -> event(i, 10));
    AtomicInteger rejections = new AtomicInteger(3);
    RecordingAuditor auditor = track(RecordingAuditor.start(0)).respondWith((index, request) ->
        rejections.getAndDecrement() > 0
            ? new RecordingAuditor.Response(401, Map.of(),
                "{\"type\":\"about:blank\",\"title\":\"Bad token " + TOKEN + "\",\"status\":401}")
            : RecordingAuditor.Response.ok());
    ShipperConfig config = config(auditor.endpoint(), 100, 1 << 20, Duration.ZERO);
    assertThat(config.toString()).doesNotContain(TOKEN);

    Shipper shipper = start(config, spool);

    await().atMost(WAIT).until(() -> shipper.status().rejecting());
    ShipperStatus rejected = shipper.status();
    assertThat(rejected.rejectedStatus()).isEqualTo(401);
    assertThat(rejected.lastError()).contains("HTTP 401").contains("Bad token").doesNotContain(TOKEN);
    assertThat(rejected.toString()).doesNotContain(TOKEN);
    assertThat(spool.acknowledgedSequence()).isZero();

    await().atMost(WAIT).until(() -> spool.acknowledgedSequence() == 3);
    assertThat(auditor.received()).hasSize(4);
    assertThat(auditor.received().getLast().lines()).containsExactlyElementsOf(events);
    assertThat(shipper.status().rejecting()).isFalse();
  }

  @Test
  void ioErrorTextCarriesNoToken(TestInfo info) throws Exception {
    Spool spool = spool(info);
    append(spool, 1, i -> event(i, 10));
    RecordingAuditor gone = RecordingAuditor.start(0);
    URI endpoint = gone.endpoint();
    gone.close();

    Shipper shipper = start(config(endpoint, 100, 1 << 20, Duration.ZERO), spool);

    await().atMost(WAIT).until(() -> !shipper.status().lastError().isEmpty());
    assertThat(shipper.status().lastError()).doesNotContain(TOKEN);
    assertThat(shipper.status().toString()).doesNotContain(TOKEN);
  }

  @Test
  void closeStopsPromptlyWhileARequestHangs(TestInfo info) throws Exception {
    Spool spool = spool(info);
    append(spool, 2, i -> event(i, 10));
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingAuditor auditor = track(RecordingAuditor.start(0)).respondWith((index, request) -> {
      arrived.countDown();
      release.await(20, TimeUnit.SECONDS);
      return RecordingAuditor.Response.ok();
    });
    closeables.add(release::countDown);
    Shipper shipper = Shipper.start(config(auditor.endpoint(), 100, 1 << 20, Duration.ZERO), spool);
    assertThat(arrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    long started = System.nanoTime();
    shipper.close();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    assertThat(spool.acknowledgedSequence()).isZero();
    // the spool is still usable: the shipper never interrupted its file channels
    assertThat(spool.read(0, 10, 1 << 20)).hasSize(2);
  }

  private ShipperConfig config(URI endpoint, int maxRecords, int maxBytes, Duration maxDelay) {
    return config(endpoint, maxRecords, maxBytes, maxDelay, ShipperConfig.DEFAULT_GZIP_LEVEL);
  }

  private ShipperConfig config(URI endpoint, int maxRecords, int maxBytes, Duration maxDelay, int gzipLevel) {
    return new ShipperConfig(endpoint, new Secret(TOKEN), maxRecords, maxBytes, maxDelay, Duration.ofSeconds(2),
        Duration.ofMillis(20), Duration.ofMillis(100), gzipLevel);
  }

  private Shipper start(ShipperConfig config, Spool spool) {
    return track(Shipper.start(config, spool, new Random(7), spool::acknowledge, Clock.systemUTC()));
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  private Spool spool(TestInfo info) throws IOException {
    return spool(info, "");
  }

  private Spool spool(TestInfo info, String suffix) throws IOException {
    Path directory = Path.of("target", "shipper-tests", info.getTestMethod().orElseThrow().getName() + suffix)
        .toAbsolutePath();
    if (Files.exists(directory)) {
      try (Stream<Path> walk = Files.walk(directory)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    return track(Spool.open(new SpoolConfig(directory, 1 << 20, 16 << 20, FsyncPolicy.never(), 64 * 1024)));
  }

  private static List<String> append(Spool spool, int count, IntFunction<String> event) throws IOException, SpoolFullException {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String line = event.apply(i);
      spool.append(line.getBytes(StandardCharsets.UTF_8));
      lines.add(line);
    }
    return lines;
  }

  /** A JSON line of {@code length} characters (more when that is too short for the id), unique to {@code i}. */
  private static String event(int i, int length) {
    String head = "{\"id\":\"e" + String.format("%06d", i) + "\",\"x\":\"";
    String tail = "\"}";
    return head + "y".repeat(Math.max(0, length - head.length() - tail.length())) + tail;
  }
}
