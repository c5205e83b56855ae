package dev.jitgate.access.secret;

/** A secret reference could not be resolved; the message names the reference, never the secret. */
public final class SecretResolutionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SecretResolutionException(String message) {
    super(message);
  }
}
