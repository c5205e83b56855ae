package dev.jitgate.app.config;

import dev.jitgate.proxy.config.Secret;
import java.net.URI;
import java.util.Objects;

/**
 * Where audit events are delivered: an auditor's {@code POST /v1/events} endpoint and the bearer token it
 * accepts. The token is a {@link Secret}, so this record can be logged.
 *
 * @param url the events endpoint, e.g. {@code http://127.0.0.1:7070/v1/events}
 * @param token the ingest token
 */
public record AuditorTarget(URI url, Secret token) {
  public AuditorTarget {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(token, "token");
  }
}
