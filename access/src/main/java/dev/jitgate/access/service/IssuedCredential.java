package dev.jitgate.access.service;

import dev.jitgate.access.model.Grant;
import java.time.Instant;

/**
 * A grant credential as issued: the password is shown to the holder this once and never stored.
 * {@link #toString()} leaves it out.
 *
 * @param grant the grant it belongs to
 * @param password the password for psql at the proxy
 * @param issuedAt when it was issued
 */
public record IssuedCredential(Grant grant, String password, Instant issuedAt) {
  @Override
  public String toString() {
    return "IssuedCredential[grant=" + grant.id() + ", issuedAt=" + issuedAt + "]";
  }
}
