package dev.jitgate.pg.frontend;

import java.util.Objects;

/**
 * PasswordMessage: {@code 'p', Int32 len, String password} — a cleartext or MD5-hashed password. Never
 * printed: {@link #toString()} redacts it.
 */
public record PasswordMessage(String password) implements FrontendMessage {
  public PasswordMessage {
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "PasswordMessage[password=<redacted>]";
  }
}
