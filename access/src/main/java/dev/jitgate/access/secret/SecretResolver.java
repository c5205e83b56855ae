package dev.jitgate.access.secret;

import dev.jitgate.access.model.SecretRef;

/** Turns a {@link SecretRef} ({@code env:}, {@code file:}, {@code aws-secretsmanager:}) into the secret. */
@FunctionalInterface
public interface SecretResolver {

  /**
   * The secret {@code ref} points at.
   *
   * @throws SecretResolutionException when it cannot be read; the message never contains the secret
   */
  SecretValue resolve(SecretRef ref);
}
