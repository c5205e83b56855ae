package dev.jitgate.access.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.access.model.SecretRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DefaultSecretResolverTest {
  private final DefaultSecretResolver resolver =
      new DefaultSecretResolver(Map.of("PGPASS", "s3cr3t-env", "EMPTY", ""));
  private Path dir;

  @BeforeEach
  void dir() throws Exception {
    dir = Files.createDirectories(Path.of("target", "secret-tests", UUID.randomUUID().toString()))
        .toAbsolutePath();
  }

  @Test
  void environmentVariable() {
    assertThat(resolver.resolve(SecretRef.of("env:PGPASS")).reveal()).isEqualTo("s3cr3t-env");
  }

  @Test
  void missingOrEmptyEnvironmentVariable() {
    assertThatThrownBy(() -> resolver.resolve(SecretRef.of("env:NOPE")))
        .isInstanceOf(SecretResolutionException.class)
        .hasMessage("environment variable NOPE is not set");
    assertThatThrownBy(() -> resolver.resolve(SecretRef.of("env:EMPTY")))
        .hasMessage("environment variable EMPTY is empty");
  }

  @Test
  void fileWithTrailingNewlineTrimmed() throws Exception {
    Path f = Files.writeString(dir.resolve("pw"), "  p@ss word\r\n\n", StandardCharsets.UTF_8);
    assertThat(resolver.resolve(SecretRef.of("file:" + f)).reveal()).isEqualTo("  p@ss word");
  }

  @Test
  void missingFileIsAClearErrorNamingThePath() {
    Path f = dir.resolve("absent");
    assertThatThrownBy(() -> resolver.resolve(SecretRef.of("file:" + f)))
        .isInstanceOf(SecretResolutionException.class)
        .hasMessage("secret file " + f + " does not exist");
  }

  @Test
  void unreadableFileNeverEchoesTheContents() throws Exception {
    Path f = Files.writeString(dir.resolve("locked"), "hunter2-contents");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
    boolean root = Files.isReadable(f);
    try {
      if (root) {
        // Root reads anything; prove the failure path with a directory instead.
        assertThatThrownBy(() -> resolver.resolve(SecretRef.of("file:" + dir)))
            .hasMessage("secret file " + dir + " is a directory");
      } else {
        assertThatThrownBy(() -> resolver.resolve(SecretRef.of("file:" + f)))
            .hasMessageContaining("cannot be read")
            .hasMessageNotContaining("hunter2");
      }
    } finally {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void emptyFileIsRefused() throws Exception {
    Path f = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> resolver.resolve(SecretRef.of("file:" + f))).hasMessageEndingWith("is empty");
  }

  @Test
  void awsSecretsManagerReferencesGoToSecretsManager() {
    // A malformed ARN fails before any AWS call; the Secrets Manager path is covered by AwsSecretsManagerSourceTest.
    assertThatThrownBy(() -> resolver.resolve(
        SecretRef.of("aws-secretsmanager:arn:aws:secretsmanager:EU-WEST-1:123456789012:secret:db")))
        .isInstanceOf(SecretResolutionException.class)
        .hasMessage("secret aws-secretsmanager:arn:aws:secretsmanager:EU-WEST-1:123456789012:secret:db:"
            + " invalid ARN: region 'EU-WEST-1' is not an AWS region such as eu-west-1");
  }

  @Test
  void secretValueHidesItself() {
    SecretValue v = new SecretValue("hunter2".toCharArray());
    assertThat(v.toString()).doesNotContain("hunter2");
    assertThat(v.chars()).containsExactly('h', 'u', 'n', 't', 'e', 'r', '2');
    assertThat(v.length()).isEqualTo(7);
  }
}
