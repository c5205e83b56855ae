package dev.jitgate.access.secret;

import java.util.Arrays;
import java.util.Objects;

/**
 * A resolved secret. {@link #toString()} never shows it; {@link #reveal()} is the one way out, for the
 * moment it is handed to a driver.
 */
public final class SecretValue {
  private final char[] chars;

  public SecretValue(char[] chars) {
    this.chars = Objects.requireNonNull(chars, "chars").clone();
  }

  /** The secret text. */
  public String reveal() {
    return new String(chars);
  }

  /** A copy of the secret characters; the caller should clear it after use. */
  public char[] chars() {
    return chars.clone();
  }

  /** The number of characters. */
  public int length() {
    return chars.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretValue v && Arrays.equals(v.chars, chars);
  }

  @Override
  public int hashCode() {
    return chars.length;
  }

  @Override
  public String toString() {
    return "SecretValue[<redacted>]";
  }
}
