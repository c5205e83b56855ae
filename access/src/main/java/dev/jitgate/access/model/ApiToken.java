package dev.jitgate.access.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token for the admin API, scoped to one principal. Only the SHA-256 hash of the token is
 * stored; the token itself is shown once when it is created.
 *
 * @param id unique id (UUIDv7 text)
 * @param principal the principal the token acts as
 * @param name a label, e.g. {@code ci-bot}
 * @param hash lower-case hex SHA-256 of the token text
 * @param createdAt when it was created
 * @param expiresAt when it stops working
 * @param revoked whether it was revoked early
 * @param revision store revision, 0 before the first save
 */
public record ApiToken(
    String id, String principal, String name, String hash, Instant createdAt, Instant expiresAt,
    boolean revoked, long revision)
    implements AccessEntity {

  public ApiToken {
    Names.required("id", id);
    Names.principal("principal", principal);
    name = Names.text("name", name);
    Names.required("hash", hash);
    if (!hash.matches("[0-9a-f]{64}")) {
      throw new InvalidFieldException("hash", "must be 64 lower-case hex digits");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public EntityKind entityKind() {
    return EntityKind.TOKEN;
  }

  @Override
  public String key() {
    return id;
  }

  @Override
  public ApiToken withRevision(long newRevision) {
    return new ApiToken(id, principal, name, hash, createdAt, expiresAt, revoked, newRevision);
  }

  /** True when not revoked and not expired at {@code now}. */
  public boolean isUsableAt(Instant now) {
    return !revoked && now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "ApiToken[id=" + id + ", principal=" + principal + ", name=" + name + ", expiresAt="
        + expiresAt + ", revoked=" + revoked + "]";
  }
}
