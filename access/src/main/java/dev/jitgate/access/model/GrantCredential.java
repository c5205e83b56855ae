package dev.jitgate.access.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The credential an engineer gives psql at the proxy for one grant, stored only as a SCRAM-SHA-256
 * verifier ({@code SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>}). Re-issuing replaces it.
 * {@link #toString()} leaves the verifier out: it allows offline guessing.
 *
 * @param grantId the grant it belongs to (the key)
 * @param principal the grant holder, so the proxy can look credentials up by user
 * @param verifier the SCRAM-SHA-256 verifier text
 * @param issuedAt when it was issued
 * @param revision store revision, 0 before the first save
 */
public record GrantCredential(
    String grantId, String principal, String verifier, Instant issuedAt, long revision)
    implements AccessEntity {

  public GrantCredential {
    Names.required("grantId", grantId);
    Names.principal("principal", principal);
    Names.required("verifier", verifier);
    if (!verifier.startsWith("SCRAM-SHA-256$")) {
      throw new InvalidFieldException("verifier", "must be a SCRAM-SHA-256 verifier");
    }
    Objects.requireNonNull(issuedAt, "issuedAt");
  }

  @Override
  public EntityKind entityKind() {
    return EntityKind.CREDENTIAL;
  }

  @Override
  public String key() {
    return grantId;
  }

  @Override
  public GrantCredential withRevision(long newRevision) {
    return new GrantCredential(grantId, principal, verifier, issuedAt, newRevision);
  }

  @Override
  public String toString() {
    return "GrantCredential[grantId=" + grantId + ", principal=" + principal + ", issuedAt=" + issuedAt
        + ", revision=" + revision + "]";
  }
}
