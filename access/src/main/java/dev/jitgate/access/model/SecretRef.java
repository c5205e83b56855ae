package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a secret lives, never the secret itself: {@code env:NAME}, {@code file:/path} or
 * {@code aws-secretsmanager:<arn>}.
 *
 * @param value the reference text
 */
public record SecretRef(String value) {

  public SecretRef {
    Names.required("secret", value);
    boolean known =
        (value.startsWith("env:") && value.length() > 4)
            || (value.startsWith("file:") && value.length() > 5)
            || (value.startsWith("aws-secretsmanager:arn:") && value.length() > 23);
    if (!known) {
      throw new InvalidFieldException(
          "secret", "must be env:<NAME>, file:<path> or aws-secretsmanager:<arn>");
    }
  }

  @JsonCreator
  public static SecretRef of(String value) {
    return new SecretRef(value);
  }

  /** The scheme before the first colon. */
  public String scheme() {
    return value.substring(0, value.indexOf(':'));
  }

  /** The part after the scheme. */
  public String location() {
    return value.substring(value.indexOf(':') + 1);
  }

  @JsonValue
  @Override
  public String toString() {
    return value;
  }
}
