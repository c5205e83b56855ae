package dev.jitgate.access.secret;

import dev.jitgate.access.model.SecretRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves {@code env:NAME} from an environment map and {@code file:/path} from the file system (trailing
 * line breaks removed, at most 64 KiB of UTF-8) and {@code aws-secretsmanager:<arn>} from AWS Secrets Manager
 * through an {@link AwsSecretsManagerSource} (which calls AWS only when such a reference is resolved).
 */
public final class DefaultSecretResolver implements SecretResolver {
  /** Largest secret file read. */
  public static final int MAX_FILE_BYTES = 64 * 1024;

  private final Map<String, String> environment;
  private final AwsSecretsManagerSource secretsManager;

  /**
   * A resolver over {@code environment} (e.g. {@code System.getenv()}); Secrets Manager references use the
   * default AWS credentials provider chain.
   */
  public DefaultSecretResolver(Map<String, String> environment) {
    this(environment, AwsSecretsManagerSource.withDefaultCredentials());
  }

  /**
   * A resolver over {@code environment} that reads {@code aws-secretsmanager:} references from
   * {@code secretsManager}.
   */
  public DefaultSecretResolver(Map<String, String> environment, AwsSecretsManagerSource secretsManager) {
    this.environment = Map.copyOf(environment);
    this.secretsManager = Objects.requireNonNull(secretsManager, "secretsManager");
  }

  /** A resolver over this process's environment. */
  public static DefaultSecretResolver fromProcessEnvironment() {
    return new DefaultSecretResolver(System.getenv());
  }

  @Override
  public SecretValue resolve(SecretRef ref) {
    return switch (ref.scheme()) {
      case "env" -> fromEnvironment(ref.location());
      case "file" -> fromFile(ref.location());
      case "aws-secretsmanager" -> secretsManager.resolve(ref.location());
      default -> throw new SecretResolutionException(
          "secret reference scheme " + ref.scheme() + " is not supported");
    };
  }

  private SecretValue fromEnvironment(String name) {
    String value = environment.get(name);
    if (value == null) {
      throw new SecretResolutionException("environment variable " + name + " is not set");
    }
    if (value.isEmpty()) {
      throw new SecretResolutionException("environment variable " + name + " is empty");
    }
    return new SecretValue(value.toCharArray());
  }

  private SecretValue fromFile(String location) {
    Path path;
    try {
      path = Path.of(location);
    } catch (InvalidPathException e) {
      throw new SecretResolutionException("secret file " + location + " is not a valid path");
    }
    if (!Files.exists(path)) {
      throw new SecretResolutionException("secret file " + location + " does not exist");
    }
    if (Files.isDirectory(path)) {
      throw new SecretResolutionException("secret file " + location + " is a directory");
    }
    byte[] bytes;
    try {
      if (Files.size(path) > MAX_FILE_BYTES) {
        throw new SecretResolutionException(
            "secret file " + location + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(path);
    } catch (AccessDeniedException e) {
      throw new SecretResolutionException("secret file " + location + " cannot be read: permission denied");
    } catch (NoSuchFileException e) {
      throw new SecretResolutionException("secret file " + location + " does not exist");
    } catch (IOException e) {
      throw new SecretResolutionException(
          "secret file " + location + " cannot be read: " + e.getClass().getSimpleName());
    }
    try {
      char[] chars = decode(location, bytes);
      int end = chars.length;
      while (end > 0 && (chars[end - 1] == '\n' || chars[end - 1] == '\r')) {
        end--;
      }
      if (end == 0) {
        throw new SecretResolutionException("secret file " + location + " is empty");
      }
      SecretValue value = new SecretValue(Arrays.copyOf(chars, end));
      Arrays.fill(chars, '\0');
      return value;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static char[] decode(String location, byte[] bytes) {
    try {
      CharBuffer buffer = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      char[] chars = new char[buffer.remaining()];
      buffer.get(chars);
      Arrays.fill(buffer.array(), '\0');
      return chars;
    } catch (CharacterCodingException e) {
      throw new SecretResolutionException("secret file " + location + " is not valid UTF-8");
    }
  }
}
