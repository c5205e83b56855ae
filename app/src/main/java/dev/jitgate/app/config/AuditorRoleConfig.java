package dev.jitgate.app.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code auditor} section: the ingest endpoint and the audit store it writes.
 *
 * @param name this auditor's name: the {@code proxy} field of the {@code alert} events it writes
 * @param host address to bind
 * @param port TCP port, 0 for any free port
 * @param storePath the SQLite audit store file (its directory is created when missing)
 * @param ingestTokenHashes lower-case hex SHA-256 of every accepted ingest token
 * @param maxBodyBytes largest request body accepted as sent (compressed)
 * @param maxDecompressedBytes largest request body accepted once decompressed
 */
public record AuditorRoleConfig(String name, String host, int port, Path storePath, List<String> ingestTokenHashes,
    long maxBodyBytes, long maxDecompressedBytes) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 7070;
  /** Relative to the configuration file. */
  public static final String DEFAULT_STORE_PATH = "./jitgate-state/audit.db";

  public AuditorRoleConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(storePath, "storePath");
    ingestTokenHashes = List.copyOf(ingestTokenHashes);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("auditor.listen port must be between 0 and 65535");
    }
  }

  @Override
  public String toString() {
    return "AuditorRoleConfig[name=" + name + ", host=" + host + ", port=" + port + ", storePath=" + storePath + ", ingestTokens="
        + ingestTokenHashes.size() + ", maxBodyBytes=" + maxBodyBytes + ", maxDecompressedBytes="
        + maxDecompressedBytes + "]";
  }
}
