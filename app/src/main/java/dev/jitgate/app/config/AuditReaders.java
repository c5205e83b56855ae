package dev.jitgate.app.config;

import dev.jitgate.proxy.audit.AuditSettings;
import dev.jitgate.proxy.audit.emit.TrackerConfig;
import dev.jitgate.proxy.audit.ship.ShipperConfig;
import dev.jitgate.proxy.audit.spool.FsyncPolicy;
import dev.jitgate.proxy.audit.spool.SpoolConfig;
import dev.jitgate.proxy.config.Secret;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the audit keys of the proxy: {@code proxy.audit} (spool, delivery, limits), and the delivery target
 * shared with {@code admin.audit.auditor} ({@code url} and {@code token}).
 */
final class AuditReaders {

  /** {@code spool.fsync}. */
  enum Fsync {
    ALWAYS,
    INTERVAL,
    NEVER;

    String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofMillis(200);
  /** {@code spool.fsync-group-delay}: at most 100 forces a second under {@code fsync: always} when busy. */
  static final Duration DEFAULT_FSYNC_GROUP_DELAY = Duration.ofMillis(10);
  /** Longer delays are what {@code fsync: interval} is for. */
  static final Duration MAX_FSYNC_GROUP_DELAY = Duration.ofSeconds(1);
  private static final long MAX_SPOOL_BYTES = 1L << 40;

  private AuditReaders() {}

  /** Reads {@code proxy.audit}, which is set; empty (with errors reported) when something is wrong. */
  static Optional<AuditSettings> proxyAudit(ConfigNode audit, SecretResolver secrets) {
    int before = audit.errorCount();
    boolean failClosed = audit.get("fail-closed").bool(false);
    Optional<SpoolConfig> spool = spool(audit.get("spool"));
    ConfigNode auditorKey = audit.get("auditor");
    Optional<AuditorTarget> target = auditorKey.isSet() ? target(auditorKey, secrets) : Optional.empty();
    if (!auditorKey.isSet()) {
      auditorKey.warn("is not set: events are only spooled, never delivered, and once the spool is full every"
          + " new statement is refused; add url and token of an auditor's /v1/events");
    }
    int gzipLevel = auditorKey.get("gzip-level").integer(ShipperConfig.DEFAULT_GZIP_LEVEL, 0, 9);
    TrackerConfig tracker = tracker(audit.get("limits"));
    if (audit.errorCount() > before || spool.isEmpty() || auditorKey.isSet() && target.isEmpty()) {
      return Optional.empty();
    }
    ShipperConfig shipper = target.map(t -> ShipperConfig.defaults(t.url(), t.token(), gzipLevel)).orElse(null);
    return Optional.of(new AuditSettings(failClosed, spool.get(), shipper, tracker));
  }

  private static Optional<SpoolConfig> spool(ConfigNode spool) {
    int before = spool.errorCount();
    ConfigNode directoryKey = spool.get("directory");
    Optional<Path> directory = directoryKey.isSet() ? directoryKey.filePath() : Optional.empty();
    if (!directoryKey.isSet()) {
      directoryKey.error("is required: the directory where audit events wait until the auditor has them, e.g."
          + " ./jitgate-state/audit-spool (one per proxy, on a local disk)");
    } else if (directory.isPresent() && Files.exists(directory.get()) && !Files.isDirectory(directory.get())) {
      directoryKey.error(directory.get() + " exists and is not a directory");
    }
    Fsync fsync = spool.get("fsync").choice(Fsync.ALWAYS, Fsync.values(), Fsync::configName);
    ConfigNode intervalKey = spool.get("fsync-interval");
    Duration interval = intervalKey.duration(DEFAULT_FSYNC_INTERVAL, Duration.ofMillis(1));
    if (intervalKey.isSet() && fsync != Fsync.INTERVAL) {
      intervalKey.warn("ignored because spool.fsync is " + fsync.configName());
    }
    ConfigNode groupDelayKey = spool.get("fsync-group-delay");
    Duration groupDelay = groupDelayKey.duration(DEFAULT_FSYNC_GROUP_DELAY, Duration.ZERO);
    if (groupDelay.compareTo(MAX_FSYNC_GROUP_DELAY) > 0) {
      groupDelayKey.error("must be at most " + Durations.format(MAX_FSYNC_GROUP_DELAY)
          + " (for longer, use spool.fsync: interval)");
    }
    if (groupDelayKey.isSet() && fsync != Fsync.ALWAYS) {
      groupDelayKey.warn("ignored because spool.fsync is " + fsync.configName());
    }
    ConfigNode segmentKey = spool.get("segment-bytes");
    ConfigNode maxKey = spool.get("max-bytes");
    long smallestSegment = SpoolConfig.DEFAULT_MAX_RECORD_BYTES + 1024L;
    long segment = segmentKey.size(SpoolConfig.DEFAULT_SEGMENT_BYTES, 8L << 20, 1L << 30);
    long max = maxKey.size(Math.max(SpoolConfig.DEFAULT_MAX_TOTAL_BYTES, segment), 8L << 20, MAX_SPOOL_BYTES);
    if (spool.errorCount() == before && max < segment) {
      maxKey.error("must be at least spool.segment-bytes (" + Sizes.format(segment) + ")");
    }
    if (spool.errorCount() > before || directory.isEmpty() || segment < smallestSegment) {
      return Optional.empty();
    }
    FsyncPolicy policy = switch (fsync) {
      case ALWAYS -> FsyncPolicy.always(groupDelay);
      case INTERVAL -> FsyncPolicy.interval(interval);
      case NEVER -> FsyncPolicy.never();
    };
    if (fsync == Fsync.NEVER) {
      spool.get("fsync").warn("never: events the operating system has not written back are lost in a power"
          + " failure or kernel crash");
    }
    return Optional.of(new SpoolConfig(directory.get(), segment, max, policy, SpoolConfig.DEFAULT_MAX_RECORD_BYTES));
  }

  private static TrackerConfig tracker(ConfigNode limits) {
    TrackerConfig d = TrackerConfig.DEFAULTS;
    return new TrackerConfig(
        limits.get("max-sql-chars").integer(d.maxSqlChars(), 16, 16 << 20),
        (int) limits.get("max-parameter-bytes").size(d.maxParameterBytes(), 0, 16L << 20),
        (int) limits.get("max-bind-bytes").size(d.maxBindBytes(), 0, 256L << 20),
        limits.get("max-prepared-statements").integer(d.maxPreparedStatements(), 1, 1_000_000),
        limits.get("max-portals").integer(d.maxPortals(), 1, 1_000_000));
  }

  /** Reads {@code url} and {@code token} of a delivery target (the section is set). */
  static Optional<AuditorTarget> target(ConfigNode section, SecretResolver secrets) {
    int before = section.errorCount();
    ConfigNode urlKey = section.get("url");
    Optional<URI> url = urlKey.requiredString().flatMap(text -> eventsUrl(urlKey, text.strip()));
    ConfigNode tokenKey = section.get("token");
    Optional<Secret> token = Optional.empty();
    if (!tokenKey.isSet()) {
      tokenKey.error("is required: the ingest token, as a secret reference (" + SecretResolver.FORMS + ")");
    } else {
      token = secrets.resolve(tokenKey);
      if (token.isPresent() && !printable(token.get().value())) {
        tokenKey.error("must resolve to printable ASCII without spaces (it is sent as a bearer token)");
        token = Optional.empty();
      }
    }
    if (section.errorCount() > before || url.isEmpty() || token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AuditorTarget(url.get(), token.get()));
  }

  private static Optional<URI> eventsUrl(ConfigNode key, String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      key.error("\"" + text + "\" is not a URL");
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isEmpty()) {
      key.error("\"" + text + "\" is not an http(s) URL, e.g. http://127.0.0.1:7070/v1/events");
      return Optional.empty();
    }
    if (uri.getRawUserInfo() != null) {
      key.error("must not carry credentials; put the token in the token key");
      return Optional.empty();
    }
    if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")) {
      key.error("names no path; give the auditor's events endpoint, e.g. " + uri.getScheme() + "://"
          + uri.getRawAuthority() + "/v1/events");
      return Optional.empty();
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      key.warn("plain HTTP: statements and the token cross the network in clear text; use https");
    }
    return Optional.of(uri);
  }

  private static boolean printable(String value) {
    return !value.isEmpty() && value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
  }

  static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equals("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
