package dev.jitgate.pg.frontend;

/**
 * Which message a {@code 'p'} frame holds. The protocol reuses the type byte for all of them; only the
 * server's last Authentication request says which one to expect.
 */
public enum AuthenticationResponseKind {
  PASSWORD,
  SASL_INITIAL,
  SASL,
  GSS
}
