package dev.jitgate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.service.IssuedToken;
import java.time.Instant;

/** Response shapes that leave secrets out (token hashes, credential verifiers). */
final class Views {
  private Views() {}

  /**
   * An API token without its hash.
   *
   * @param id token id
   * @param principal who it acts as
   * @param name its label
   * @param createdAt when it was created
   * @param expiresAt when it stops working
   * @param revoked whether it was revoked
   */
  record TokenView(String id, String principal, String name, Instant createdAt, Instant expiresAt,
      boolean revoked) {
    static TokenView of(ApiToken t) {
      return new TokenView(t.id(), t.principal(), t.name(), t.createdAt(), t.expiresAt(), t.revoked());
    }
  }

  /**
   * A newly created token: the secret is in this response only.
   *
   * @param token the token
   * @param secret the bearer token text
   */
  record CreatedToken(TokenView token, String secret) {
    static CreatedToken of(IssuedToken issued) {
      return new CreatedToken(TokenView.of(issued.token()), issued.secret());
    }

    @Override
    public String toString() {
      return "CreatedToken[" + token + "]";
    }
  }

  /**
   * A newly issued grant credential: the password is in this response only.
   *
   * @param grant the grant
   * @param password the password for psql at the proxy
   * @param issuedAt when it was issued
   * @param connection how to connect, when the proxy endpoint is configured
   * @param psql a ready-to-paste psql command, when the proxy endpoint is configured
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record IssuedCredentialView(Grant grant, String password, Instant issuedAt, Connection connection,
      String psql) {
    @Override
    public String toString() {
      return "IssuedCredentialView[grant=" + grant.id() + ", issuedAt=" + issuedAt + "]";
    }
  }

  /**
   * libpq connection parameters for a grant.
   *
   * @param host proxy host
   * @param port proxy port
   * @param database {@code <integration>/<database>}
   * @param user the grant holder
   * @param sslmode the sslmode to use
   */
  record Connection(String host, int port, String database, String user, String sslmode) {}
}
