package dev.jitgate.access.secret;

import dev.jitgate.access.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jitgate.access.model.SecretRef;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class AwsSecretsManagerSourceTest {
  private static final String AKID = "AKIDJITGATETEST";
  private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders-AbCdEf";
  private static final String RDS_ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-XyZ123";

  private FakeSecretsManager aws;
  private MutableClock clock;
  private AwsSecretsManagerSource source;
  private DefaultSecretResolver resolver;

  @BeforeEach
  void start() throws Exception {
    aws = new FakeSecretsManager();
    clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    source = sourceAt(aws.endpoint());
    resolver = new DefaultSecretResolver(Map.of(), source);
  }

  @AfterEach
  void stop() {
    source.close();
    aws.close();
  }

  private AwsSecretsManagerSource sourceAt(URI endpoint) {
    var credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(AKID, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    return new AwsSecretsManagerSource(
        new SecretsManagerClients(Optional.of(credentials), Optional.of(endpoint)),
        clock, AwsSecretsManagerSource.DEFAULT_TTL);
  }

  private static SecretRef ref(String arn) {
    return SecretRef.of("aws-secretsmanager:" + arn);
  }

  @Test
  void resolvesAPlainSecretString() {
    aws.secretString(ARN, "pl@in-s3cret {not json");
    assertThat(resolver.resolve(ref(ARN)).reveal()).isEqualTo("pl@in-s3cret {not json");
  }

  @Test
  void resolvesThePasswordOfAnRdsManagedSecret() {
    aws.secretString(RDS_ARN, "{\"username\":\"jitgate_admin\",\"password\":\"rds-gener@ted-pw\"}");
    assertThat(resolver.resolve(ref(RDS_ARN)).reveal()).isEqualTo("rds-gener@ted-pw");
  }

  @Test
  void jsonWithoutPasswordAndTextStartingWithABraceAreUsedWhole() {
    aws.secretString(ARN, "{\"token\":\"t0k3n\"}");
    String other = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:brace-AbCdEf";
    aws.secretString(other, "{notjson");
    assertThat(resolver.resolve(ref(ARN)).reveal()).isEqualTo("{\"token\":\"t0k3n\"}");
    assertThat(resolver.resolve(ref(other)).reveal()).isEqualTo("{notjson");
  }

  @Test
  void requestIsSigV4SignedForTheRegionOfTheArnAndNamesTheArn() {
    aws.secretString(ARN, "one");
    aws.secretString(RDS_ARN, "two");
    resolver.resolve(ref(ARN));
    resolver.resolve(ref(RDS_ARN));

    assertThat(aws.received()).hasSize(2);
    String[] regions = {"eu-west-1", "us-east-1"};
    String[] arns = {ARN, RDS_ARN};
    for (int i = 0; i < 2; i++) {
      FakeSecretsManager.Received request = aws.received().get(i);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.headers())
          .containsEntry("x-amz-target", "secretsmanager.GetSecretValue")
          .containsKey("x-amz-date");
      assertThat(request.headers().get("content-type")).startsWith("application/x-amz-json-1.1");
      String date = request.headers().get("x-amz-date");
      assertThat(date).matches(FakeSecretsManager.AMZ_DATE);
      Matcher auth = FakeSecretsManager.AUTHORIZATION.matcher(request.headers().get("authorization"));
      assertThat(auth.matches()).as("Authorization %s", request.headers().get("authorization")).isTrue();
      assertThat(auth.group("akid")).isEqualTo(AKID);
      assertThat(auth.group("date")).isEqualTo(date.substring(0, 8));
      assertThat(auth.group("region")).isEqualTo(regions[i]);
      assertThat(auth.group("signed").split(";")).contains("host", "x-amz-date", "x-amz-target");
      assertThat(request.secretId()).isEqualTo(arns[i]);
    }
  }

  @Test
  void resourceNotFoundIsAClearErrorNamingTheArnAndCode() {
    assertThatThrownBy(() -> resolver.resolve(ref(ARN)))
        .isInstanceOf(SecretResolutionException.class)
        .hasMessage("secret aws-secretsmanager:" + ARN
            + ": Secrets Manager answered ResourceNotFoundException (HTTP 400)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      arn:aws:secretsmanager:eu-west-1:123456789012                       | must look like arn:aws:secretsmanager:<region>:<account>:secret:<name>
      arn:gcp:secretsmanager:eu-west-1:123456789012:secret:db             | partition 'gcp' is not an AWS partition (aws, aws-cn, aws-us-gov, ...)
      arn:aws:ssm:eu-west-1:123456789012:secret:db                        | service is 'ssm', expected 'secretsmanager'
      arn:aws:secretsmanager::123456789012:secret:db                      | region '' is not an AWS region such as eu-west-1
      arn:aws:secretsmanager:moon-base:123456789012:secret:db             | region 'moon-base' is not an AWS region such as eu-west-1
      arn:aws:secretsmanager:eu-west-1:1234:secret:db                     | account '1234' is not a 12-digit AWS account id
      arn:aws:secretsmanager:eu-west-1:123456789012:parameter:db          | resource type is 'parameter', expected 'secret'
      arn:aws:secretsmanager:eu-west-1:123456789012:secret:               | secret name must be 1-512 characters of A-Z a-z 0-9 / _ + = . @ ! -
      arn:aws:secretsmanager:eu-west-1:123456789012:secret:db name        | secret name must be 1-512 characters of A-Z a-z 0-9 / _ + = . @ ! -
      """)
  void badArnIsAClearErrorAndCallsNothing(String arn, String problem) {
    assertThatThrownBy(() -> resolver.resolve(ref(arn)))
        .isInstanceOf(SecretResolutionException.class)
        .hasMessage("secret aws-secretsmanager:" + arn + ": invalid ARN: " + problem);
    assertThat(aws.received()).isEmpty();
  }

  @Test
  void cacheServesRepeatsAndPicksUpRotationAfterTheTtl() {
    aws.secretString(ARN, "before-rotation");
    assertThat(resolver.resolve(ref(ARN)).reveal()).isEqualTo("before-rotation");
    aws.secretString(ARN, "after-rotation");

    clock.advance(Duration.ofSeconds(59));
    assertThat(resolver.resolve(ref(ARN)).reveal()).isEqualTo("before-rotation");
    assertThat(aws.received()).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(resolver.resolve(ref(ARN)).reveal()).isEqualTo("after-rotation");
    assertThat(aws.received()).hasSize(2);
    assertThat(resolver.resolve(ref(ARN)).reveal()).isEqualTo("after-rotation");
    assertThat(aws.received()).hasSize(2);
  }

  @Test
  void failuresAreNotCached() {
    assertThatThrownBy(() -> resolver.resolve(ref(ARN))).isInstanceOf(SecretResolutionException.class);
    aws.secretString(ARN, "created-now");
    assertThat(resolver.resolve(ref(ARN)).reveal()).isEqualTo("created-now");
    assertThat(aws.received()).hasSize(2);
  }

  @Test
  void binarySecretsAreRefused() {
    aws.secretBinary(ARN, "AAECAwQFBgc=");
    assertThatThrownBy(() -> resolver.resolve(ref(ARN)))
        .isInstanceOf(SecretResolutionException.class)
        .hasMessage("secret aws-secretsmanager:" + ARN
            + ": binary secrets are not supported; store the secret as a SecretString");
  }

  @Test
  void theSecretNeverAppearsInMessagesOrToString() {
    String secret = "Sup3r-S3cret-Pw";
    aws.secretString(RDS_ARN, "{\"username\":\"admin\",\"password\":\"" + secret + "\"}");
    SecretValue value = resolver.resolve(ref(RDS_ARN));
    assertThat(value.reveal()).isEqualTo(secret);
    assertThat(value.toString()).doesNotContain(secret);
    assertThat(source.toString()).doesNotContain(secret).contains("us-east-1");
    assertThat(resolver.toString()).doesNotContain(secret);

    // an AWS error whose message carries secret-looking text, and a JSON secret whose password is no string
    aws.error(ARN, "DecryptionFailure", "cannot decrypt " + secret);
    Throwable decryption = catchThrowable(() -> resolver.resolve(ref(ARN)));
    assertThat(decryption).isInstanceOf(SecretResolutionException.class)
        .hasMessage("secret aws-secretsmanager:" + ARN + ": Secrets Manager answered DecryptionFailure (HTTP 400)");
    String numeric = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:numeric-AbCdEf";
    aws.secretString(numeric, "{\"username\":\"" + secret + "\",\"password\":987654321}");
    Throwable notString = catchThrowable(() -> resolver.resolve(ref(numeric)));
    assertThat(notString).isInstanceOf(SecretResolutionException.class)
        .hasMessage("secret aws-secretsmanager:" + numeric + ": the JSON secret's \"password\" is not a string");
    for (Throwable t : new Throwable[] {decryption, notString}) {
      assertThat(t.toString()).doesNotContain(secret).doesNotContain("987654321");
      assertThat(t.getCause()).isNull();
    }
  }

  @Test
  void unreachableEndpointIsAClearError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (AwsSecretsManagerSource unreachable = sourceAt(URI.create("http://127.0.0.1:" + closedPort))) {
      assertThatThrownBy(() -> unreachable.resolve(ARN))
          .isInstanceOf(SecretResolutionException.class)
          .hasMessage("secret aws-secretsmanager:" + ARN
              + ": Secrets Manager cannot be reached (ConnectException)");
    }
  }

  @Test
  void productionClientsBuildForTheRegionWithoutCallingAws() {
    try (var client = SecretsManagerClients.defaults().apply(Region.AP_SOUTHEAST_2)) {
      assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.AP_SOUTHEAST_2);
      assertThat(client.serviceClientConfiguration().overrideConfiguration().apiCallTimeout())
          .contains(Duration.ofSeconds(SecretsManagerClients.CALL_TIMEOUT_SECONDS));
    }
  }
}
