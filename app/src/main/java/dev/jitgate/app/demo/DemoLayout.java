package dev.jitgate.app.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where {@code jitgate demo} keeps its files under {@code --state-dir}.
 *
 * @param stateDirectory the state directory, absolute
 */
public record DemoLayout(Path stateDirectory) {

  public DemoLayout {
    stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory").toAbsolutePath().normalize();
  }

  /** Marks the directory as the demo's and is locked while a demo runs in it. */
  public Path marker() {
    return stateDirectory.resolve(".jitgate-demo");
  }

  /** The development CA (kept across runs): {@code ca.crt} is the {@code sslrootcert} for psql. */
  public Path caDirectory() {
    return stateDirectory.resolve("ca");
  }

  /** The CA certificate clients verify the proxy (and the proxy the upstream) with. */
  public Path caCertificate() {
    return caDirectory().resolve("ca.crt");
  }

  /** The embedded PostgreSQL: unpacked binaries (kept), {@code data/} and {@code conf/} (removed at exit). */
  public Path postgresDirectory() {
    return stateDirectory.resolve("postgres");
  }

  /** The throwaway upstream's data directory. */
  public Path postgresData() {
    return postgresDirectory().resolve("data");
  }

  /** The upstream's TLS key, certificate and {@code pg_hba.conf}. */
  public Path postgresConf() {
    return postgresDirectory().resolve("conf");
  }

  /** The upstream server's log (kept). */
  public Path postgresLog() {
    return postgresDirectory().resolve("postgresql.log");
  }

  /** The control plane (SQLite). */
  public Path store() {
    return stateDirectory.resolve("jitgate.db");
  }

  /** The audit store (SQLite with full-text search) the in-process auditor writes and the admin API searches. */
  public Path auditStore() {
    return stateDirectory.resolve("audit.db");
  }

  /** The proxy's audit spool: events wait here until the auditor has them. */
  public Path auditSpool() {
    return stateDirectory.resolve("audit-spool");
  }

  /** The ingest token the proxy presents to the auditor ({@code file:} secret reference), mode 0600. */
  public Path ingestToken() {
    return stateDirectory.resolve("audit-ingest.token");
  }

  /** The configuration the demo runs with. */
  public Path config() {
    return stateDirectory.resolve("jitgate.yaml");
  }

  /** The connector's password ({@code file:} secret reference), mode 0600. */
  public Path connectorSecret() {
    return stateDirectory.resolve("connector.password");
  }

  /** Shell-sourceable variables for psql and the CLI, mode 0600. */
  public Path envFile() {
    return stateDirectory.resolve("demo.env");
  }

  /** What one run leaves and the next run (or the clean-up at exit) removes. */
  public List<Path> runFiles() {
    return List.of(store(), stateDirectory.resolve("jitgate.db-wal"), stateDirectory.resolve("jitgate.db-shm"),
        stateDirectory.resolve("jitgate.db-journal"), auditStore(), stateDirectory.resolve("audit.db-wal"),
        stateDirectory.resolve("audit.db-shm"), stateDirectory.resolve("audit.db-journal"), ingestToken(), config(),
        connectorSecret(), envFile());
  }
}
