package dev.jitgate.access.service;

import dev.jitgate.access.model.ApiToken;

/**
 * An API token as created: the secret is shown this once; only its hash is stored.
 * {@link #toString()} leaves it out.
 *
 * @param token the stored token
 * @param secret the bearer token text
 */
public record IssuedToken(ApiToken token, String secret) {
  @Override
  public String toString() {
    return "IssuedToken[id=" + token.id() + ", principal=" + token.principal() + "]";
  }
}
