package dev.jitgate.access.store.jdbc;

import dev.jitgate.access.model.AccessEntity;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.AdminEvent;
import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.EntityKind;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.Change;
import dev.jitgate.access.store.ChangeOp;
import dev.jitgate.access.store.ChangeRecord;
import dev.jitgate.access.store.ChangeSet;
import dev.jitgate.access.store.CommitResult;
import dev.jitgate.access.store.GrantQuery;
import dev.jitgate.access.store.OutboxEntry;
import dev.jitgate.access.store.RequestQuery;
import dev.jitgate.access.store.StaleRevisionException;
import dev.jitgate.access.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.model.GrantState;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link AccessStore} over JDBC, shared by the SQLite and PostgreSQL stores: the same tables
 * (see {@code db/access/}), the same SQL, and a {@link SqlDialect} for the few differences.
 *
 * <p>A commit runs in one transaction: {@link SqlDialect#lockWriters} first, then the version counter
 * is incremented, every change's revision is checked, entities, change-log rows and outbox events are
 * written, {@link SqlDialect#announce} tells other processes, and local waiters are woken after the
 * commit. Entities are JSON bodies; their revision lives in its own column.
 */
public abstract class JdbcAccessStore implements AccessStore {
  /** Longer timeouts are cut to this, which keeps deadline arithmetic clear of overflow. */
  private static final Duration LONGEST_WAIT = Duration.ofDays(365);

  private final ConnectionSource connections;
  private final SqlDialect dialect;
  private final ChangeNotifier notifier;
  private final long pollNanos;
  private final EntityCodec codec = new EntityCodec();
  private final Map<EntityKind, EntityTable> tables = new EnumMap<>(EntityKind.class);
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * A store over migrated tables.
   *
   * @param connections where connections come from; closed by {@link #close()}
   * @param dialect the database's differences
   * @param notifier wakes {@link #awaitChange} waiters; the store signals it after each local commit
   * @param pollInterval how often {@link #awaitChange} re-reads the version when nothing signals
   */
  protected JdbcAccessStore(ConnectionSource connections, SqlDialect dialect, ChangeNotifier notifier,
      Duration pollInterval) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.pollNanos = pollInterval.toNanos();
    for (EntityKind kind : EntityKind.values()) {
      tables.put(kind, EntityTable.of(kind));
    }
  }

  @Override
  public Optional<AccessEntity> find(EntityKind kind, String key) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    EntityTable table = tables.get(kind);
    List<AccessEntity> found = read("find " + kind.wireName(),
        c -> queryEntities(c, kind, table.selectByKey(), List.of(key)));
    return found.stream().findFirst();
  }

  @Override
  public List<AccessEntity> list(EntityKind kind) {
    Objects.requireNonNull(kind, "kind");
    EntityTable table = tables.get(kind);
    return read("list " + kind.wireName(), c -> queryEntities(c, kind, table.selectAll(), List.of()));
  }

  @Override
  public List<AccessRequest> requests(RequestQuery query) {
    Objects.requireNonNull(query, "query");
    Filter filter = new Filter();
    if (query.state() != null) {
      filter.add("state = ?", query.state().wireName());
    }
    if (query.requester() != null) {
      filter.add("requester = ?", query.requester());
    }
    String sql = "SELECT entity_key, body, revision FROM access_requests" + filter.where()
        + " ORDER BY created_at DESC, entity_key DESC LIMIT ?";
    filter.parameters.add((long) query.limit());
    return read("list access requests", c -> queryEntities(c, EntityKind.REQUEST, sql, filter.parameters))
        .stream().map(AccessRequest.class::cast).toList();
  }

  @Override
  public List<Grant> grants(GrantQuery query) {
    Objects.requireNonNull(query, "query");
    Filter filter = new Filter();
    if (query.principal() != null) {
      filter.add("principal = ?", query.principal());
    }
    if (query.state() != null) {
      filter.add("state = ?", query.state().wireName());
    }
    if (query.integration() != null) {
      filter.add("integration = ?", query.integration());
    }
    if (query.database() != null) {
      filter.add("database_name = ?", query.database());
    }
    String sql = "SELECT entity_key, body, revision FROM grants" + filter.where()
        + " ORDER BY starts_at DESC, entity_key DESC LIMIT ?";
    filter.parameters.add((long) query.limit());
    return read("list grants", c -> queryEntities(c, EntityKind.GRANT, sql, filter.parameters))
        .stream().map(Grant.class::cast).toList();
  }

  @Override
  public List<AccessRequest> pendingRequestsExpiringBy(Instant at, int limit) {
    return due(EntityKind.REQUEST, RequestState.PENDING.wireName(), "expires_at", at, limit).stream()
        .map(AccessRequest.class::cast).toList();
  }

  @Override
  public List<Grant> activeGrantsEndingBy(Instant at, int limit) {
    return due(EntityKind.GRANT, GrantState.ACTIVE.wireName(), "ends_at", at, limit).stream()
        .map(Grant.class::cast).toList();
  }

  /** Entities of {@code kind} in {@code state} whose {@code timeColumn} is at or before {@code at}, soonest first. */
  private List<AccessEntity> due(EntityKind kind, String state, String timeColumn, Instant at, int limit) {
    Objects.requireNonNull(at, "at");
    String table = EntityTable.of(kind).name();
    String sql = "SELECT entity_key, body, revision FROM " + table + " WHERE state = ? AND " + timeColumn
        + " <= ? ORDER BY " + timeColumn + ", entity_key LIMIT ?";
    List<Object> parameters = List.of(state, EntityTable.micros(at), (long) limit);
    return read("list due " + table, c -> queryEntities(c, kind, sql, parameters));
  }

  @Override
  public Optional<ApiToken> tokenByHash(String hash) {
    Objects.requireNonNull(hash, "hash");
    String sql = "SELECT entity_key, body, revision FROM api_tokens WHERE hash = ?";
    return read("find api token", c -> queryEntities(c, EntityKind.TOKEN, sql, List.of(hash)))
        .stream().findFirst().map(ApiToken.class::cast);
  }

  @Override
  public List<Resource> resources(String integration) {
    Objects.requireNonNull(integration, "integration");
    String sql = "SELECT entity_key, body, revision FROM resources WHERE integration = ? ORDER BY entity_key";
    return read("list resources", c -> queryEntities(c, EntityKind.RESOURCE, sql, List.of(integration)))
        .stream().map(Resource.class::cast).toList();
  }

  @Override
  public CommitResult commit(ChangeSet changes) {
    Objects.requireNonNull(changes, "changes");
    CommitResult result = write("commit", c -> {
      dialect.lockWriters(c);
      long version = nextVersion(c);
      List<AccessEntity> stored = new ArrayList<>();
      int position = 0;
      for (Change change : changes.changes()) {
        stored.addAll(apply(c, change, version));
        appendChangeRecord(c, version, position++, change);
      }
      for (AdminEvent event : changes.events()) {
        appendOutbox(c, version, event);
      }
      dialect.announce(c, version);
      return new CommitResult(version, stored);
    });
    notifier.signal();
    return result;
  }

  @Override
  public long currentVersion() {
    return read("read the current version", this::currentVersion);
  }

  @Override
  public List<ChangeRecord> changesSince(long version, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    return read("read the change feed", c -> {
      List<ChangeRecord> records = queryChanges(c,
          "SELECT version, kind, entity_key, op FROM change_log WHERE version > ?"
              + " ORDER BY version, position LIMIT ?", version, (long) limit + 1);
      if (records.size() <= limit) {
        return records;
      }
      long split = records.get(limit).version();
      List<ChangeRecord> whole = records.subList(0, limit).stream()
          .filter(r -> r.version() != split).toList();
      if (!whole.isEmpty()) {
        return whole;
      }
      return queryChanges(c,
          "SELECT version, kind, entity_key, op FROM change_log WHERE version = ? ORDER BY position",
          split);
    });
  }

  @Override
  public long awaitChange(long version, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    Duration capped = timeout.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : timeout;
    long deadline = System.nanoTime() + Math.max(0, capped.toNanos());
    while (true) {
      long seen = notifier.generation();
      long current = currentVersion();
      long remaining = deadline - System.nanoTime();
      if (current > version || remaining <= 0) {
        return current;
      }
      notifier.awaitSignalAfter(seen, Math.min(remaining, pollNanos));
    }
  }

  @Override
  public List<OutboxEntry> outbox(long afterSeq, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    return read("read the outbox", c -> {
      try (PreparedStatement s =
          c.prepareStatement("SELECT seq, event FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?")) {
        s.setLong(1, afterSeq);
        s.setLong(2, limit);
        List<OutboxEntry> entries = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            long seq = rs.getLong(1);
            entries.add(new OutboxEntry(seq, codec.readEvent(seq, rs.getString(2))));
          }
        }
        return entries;
      }
    });
  }

  @Override
  public void acknowledgeOutbox(long throughSeq) {
    write("acknowledge the outbox", c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM outbox WHERE seq <= ?")) {
        s.setLong(1, throughSeq);
        return s.executeUpdate();
      }
    });
  }

  @Override
  public final void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        beforeClose();
      } finally {
        connections.close();
        notifier.signal();
      }
    }
  }

  /** Stops what a subclass runs beside the connections (listeners); called once by {@link #close()}. */
  protected void beforeClose() {}

  // ---- commit steps

  private long nextVersion(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE store_version SET version = version + 1 WHERE id = 1")) {
      if (s.executeUpdate() != 1) {
        throw new StoreException("access store: the version row is missing; the schema is damaged");
      }
    }
    return currentVersion(c);
  }

  /** Checks {@code change}'s revision and writes it; returns the stored entity of a put. */
  private List<AccessEntity> apply(Connection c, Change change, long version) throws SQLException {
    EntityTable table = tables.get(change.kind());
    long actual = storedRevision(c, table, change.key());
    return switch (change) {
      case Change.Put put -> {
        long expected = put.entity().revision();
        if (expected != actual) {
          throw new StaleRevisionException(change.kind(), change.key(), expected, actual);
        }
        AccessEntity entity = put.entity().withRevision(version);
        if (actual == 0) {
          insert(c, table, entity);
        } else {
          update(c, table, entity);
        }
        yield List.of(entity);
      }
      case Change.Delete delete -> {
        if (actual == 0 || actual != delete.expectedRevision()) {
          throw new StaleRevisionException(change.kind(), change.key(), delete.expectedRevision(), actual);
        }
        try (PreparedStatement s = c.prepareStatement(table.delete())) {
          s.setString(1, change.key());
          s.executeUpdate();
        }
        yield List.of();
      }
    };
  }

  private static long storedRevision(Connection c, EntityTable table, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(table.selectRevision())) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private void insert(Connection c, EntityTable table, AccessEntity entity) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(table.insert())) {
      int i = 1;
      s.setString(i++, entity.key());
      s.setLong(i++, entity.revision());
      s.setString(i++, codec.write(entity));
      for (Object value : EntityTable.indexValues(entity)) {
        bind(s, i++, value);
      }
      s.executeUpdate();
    }
  }

  private void update(Connection c, EntityTable table, AccessEntity entity) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(table.update())) {
      int i = 1;
      s.setLong(i++, entity.revision());
      s.setString(i++, codec.write(entity));
      for (Object value : EntityTable.indexValues(entity)) {
        bind(s, i++, value);
      }
      s.setString(i, entity.key());
      s.executeUpdate();
    }
  }

  private static void appendChangeRecord(Connection c, long version, int position, Change change)
      throws SQLException {
    ChangeOp op = switch (change) {
      case Change.Put put -> ChangeOp.PUT;
      case Change.Delete delete -> ChangeOp.DELETE;
    };
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO change_log (version, position, kind, entity_key, op) VALUES (?, ?, ?, ?, ?)")) {
      s.setLong(1, version);
      s.setInt(2, position);
      s.setString(3, change.kind().wireName());
      s.setString(4, change.key());
      s.setString(5, op.name().toLowerCase(Locale.ROOT));
      s.executeUpdate();
    }
  }

  private void appendOutbox(Connection c, long version, AdminEvent event) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO outbox (version, event) VALUES (?, ?)")) {
      s.setLong(1, version);
      s.setString(2, codec.writeEvent(event));
      s.executeUpdate();
    }
  }

  // ---- reads

  private long currentVersion(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT version FROM store_version WHERE id = 1");
        ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        throw new StoreException("access store: the version row is missing; the schema is damaged");
      }
      return rs.getLong(1);
    }
  }

  /** Runs {@code sql}, whose columns are entity_key, body, revision. */
  private List<AccessEntity> queryEntities(Connection c, EntityKind kind, String sql, List<Object> parameters)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        bind(s, i + 1, parameters.get(i));
      }
      List<AccessEntity> entities = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          entities.add(codec.read(kind, rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
      }
      return entities;
    }
  }

  private static List<ChangeRecord> queryChanges(Connection c, String sql, long... parameters)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setLong(i + 1, parameters[i]);
      }
      List<ChangeRecord> records = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          records.add(new ChangeRecord(rs.getLong(1), EntityKind.fromWire(rs.getString(2)),
              rs.getString(3), ChangeOp.valueOf(rs.getString(4).toUpperCase(Locale.ROOT))));
        }
      }
      return records;
    }
  }

  private static void bind(PreparedStatement s, int index, Object value) throws SQLException {
    switch (value) {
      case Long l -> s.setLong(index, l);
      case String text -> s.setString(index, text);
      default -> throw new IllegalArgumentException("unsupported parameter type " + value.getClass());
    }
  }

  // ---- transactions

  private <T> T read(String action, SqlFunction<Connection, T> work) {
    ensureOpen();
    try {
      return connections.withReader(work);
    } catch (SQLException e) {
      throw SqlErrors.translate(action, e);
    }
  }

  /** Runs {@code work} in one transaction on a writer connection; rolls back on any failure. */
  private <T> T write(String action, SqlFunction<Connection, T> work) {
    ensureOpen();
    try {
      return connections.withWriter(c -> {
        c.setAutoCommit(false);
        try {
          T result = work.apply(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException | Error e) {
          rollbackQuietly(c, e);
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      });
    } catch (SQLException e) {
      throw SqlErrors.translate(action, e);
    }
  }

  private static void rollbackQuietly(Connection c, Throwable failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new StoreException("access store is closed");
    }
  }

  /** WHERE clauses and their parameters, in order. */
  private static final class Filter {
    private final List<String> clauses = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();

    void add(String clause, Object parameter) {
      clauses.add(clause);
      parameters.add(parameter);
    }

    String where() {
      return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }
  }
}
