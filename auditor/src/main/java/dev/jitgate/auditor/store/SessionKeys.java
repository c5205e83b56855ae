package dev.jitgate.auditor.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The writer's map from session ids to the small integer keys of {@code session_keys}, by which the events
 * table indexes its events per session (schema version 5). A key is given out once per session, in
 * increasing order, so the index entries of the sessions that are active at the same time lie together at
 * its end, and each entry is a few bytes instead of a 36-character id.
 *
 * <p>Keys are read or created inside the writer's transaction. Those created in it are kept apart until it
 * commits ({@link #committed}); a rollback ({@link #rolledBack}) forgets them, as it removes their rows. The
 * committed ones are cached, up to {@value #CACHED} sessions (least recently used go first: they are read
 * back from the table when needed).
 *
 * <p>Rows of {@code session_keys} are never deleted. A key is made before its event is inserted, so an event
 * that turns out to be a duplicate (its id is stored already) under another session id leaves that session a key
 * without events, which matches nothing.
 *
 * <p>Confined to the thread that holds the store's writer.
 */
final class SessionKeys implements AutoCloseable {
  /** Sessions whose key is cached. */
  static final int CACHED = 16_384;

  private final PreparedStatement select;
  private final PreparedStatement insert;
  private final Map<String, Long> cached = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > CACHED;
    }
  };
  private final Map<String, Long> created = new HashMap<>();

  /** Prepares the statements on {@code writer} (a failure here closes the writer, and with it the statements). */
  SessionKeys(Connection writer) throws SQLException {
    this.select = writer.prepareStatement("SELECT key FROM session_keys WHERE session = ?");
    this.insert = writer.prepareStatement("INSERT INTO session_keys (session) VALUES (?) RETURNING key");
  }

  /** The key of {@code session}, created (in the current transaction) when the session has none yet. */
  long keyOf(String session) throws SQLException {
    Long key = cached.get(session);
    if (key == null) {
      key = created.get(session);
    }
    if (key != null) {
      return key;
    }
    select.setString(1, session);
    try (ResultSet rs = select.executeQuery()) {
      if (rs.next()) {
        long found = rs.getLong(1);
        cached.put(session, found);
        return found;
      }
    }
    insert.setString(1, session);
    try (ResultSet rs = insert.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("no key returned for a new session");
      }
      long made = rs.getLong(1);
      created.put(session, made);
      return made;
    }
  }

  /** The transaction committed: the keys it created are now the table's. */
  void committed() {
    cached.putAll(created);
    created.clear();
  }

  /** The transaction rolled back: the keys it created are gone with it. */
  void rolledBack() {
    created.clear();
  }

  @Override
  public void close() throws SQLException {
    try {
      select.close();
    } finally {
      insert.close();
    }
  }
}
