package dev.jitgate.app.demo;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the running demo can be reached and what it set up. {@link #toString()} leaves the secrets out.
 *
 * @param layout the state directory's files
 * @param proxyPort the proxy's port on 127.0.0.1
 * @param apiUrl the admin API's base URL
 * @param upstreamPort the embedded PostgreSQL's port on 127.0.0.1
 * @param access the tokens, the grant and its password
 * @param auditorUrl the in-process auditor's base URL (it ingests the proxy's audit events)
 */
public record DemoSummary(DemoLayout layout, int proxyPort, String apiUrl, int upstreamPort, DemoSeed.Access access,
    String auditorUrl) {

  public DemoSummary {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(auditorUrl, "auditorUrl");
  }

  /** {@code demo/shop}: the {@code dbname} engineers give the proxy. */
  public String database() {
    return DemoSeed.INTEGRATION + "/" + DemoUpstream.DATABASE;
  }

  /** The {@code sslrootcert} for psql. */
  public Path caCertificate() {
    return layout.caCertificate();
  }

  /** {@code demo.env}. */
  public Path envFile() {
    return layout.envFile();
  }

  /** The superuser straight to the upstream (no jitgate in between), for comparisons. */
  public String upstreamUrl() {
    return "postgresql://" + DemoUpstream.SUPERUSER + "@" + DemoUpstream.HOST + ":" + upstreamPort + "/"
        + DemoUpstream.DATABASE;
  }

  @Override
  public String toString() {
    return "DemoSummary[proxyPort=" + proxyPort + ", apiUrl=" + apiUrl + ", upstreamPort=" + upstreamPort
        + ", grant=" + access.grant().id() + "]";
  }
}
