package dev.jitgate.access.secret;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Reads {@code aws-secretsmanager:<arn>} secrets with GetSecretValue (the AWSCURRENT version). The region comes
 * from the ARN; one client per region is built on first use. The SecretString is the secret, except that an
 * RDS-managed secret ({@code {"username":…,"password":…}}) yields its {@code password}. Values are cached for
 * {@link #DEFAULT_TTL} so that connector logins do not each call AWS while a rotation shows within a minute;
 * failures are not cached. Error messages name the ARN and the AWS error code, never the secret.
 */
public final class AwsSecretsManagerSource implements AutoCloseable {
  /** How long a fetched secret is served without asking AWS again. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Function<Region, SecretsManagerClient> clientFactory;
  private final Clock clock;
  private final Duration ttl;
  private final Map<Region, SecretsManagerClient> clients = new ConcurrentHashMap<>();
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * @param clientFactory builds the client for a region (see {@link SecretsManagerClients})
   * @param clock decides cache expiry
   * @param ttl how long a fetched secret is reused; zero disables the cache
   */
  public AwsSecretsManagerSource(
      Function<Region, SecretsManagerClient> clientFactory, Clock clock, Duration ttl) {
    this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative");
    }
  }

  /** The production source: default credentials provider chain, AWS endpoints, 60 s cache. */
  public static AwsSecretsManagerSource withDefaultCredentials() {
    return new AwsSecretsManagerSource(SecretsManagerClients.defaults(), Clock.systemUTC(), DEFAULT_TTL);
  }

  /**
   * The secret at {@code arn} (the part after {@code aws-secretsmanager:}).
   *
   * @throws SecretResolutionException for a bad ARN, an AWS error, a binary secret or an empty one
   */
  public SecretValue resolve(String arn) {
    SecretArn parsed = SecretArn.parse(arn);
    Instant now = clock.instant();
    Cached hit = cache.get(parsed.value());
    if (hit != null && now.isBefore(hit.expires())) {
      return hit.value();
    }
    SecretValue value = fetch(parsed);
    if (!ttl.isZero()) {
      cache.put(parsed.value(), new Cached(value, now.plus(ttl)));
    }
    return value;
  }

  private SecretValue fetch(SecretArn arn) {
    GetSecretValueResponse response;
    try {
      SecretsManagerClient client = clients.computeIfAbsent(Region.of(arn.region()), clientFactory);
      response = client.getSecretValue(request -> request.secretId(arn.value()));
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      throw failure(arn, "Secrets Manager answered " + (code == null ? "an error" : code)
          + " (HTTP " + e.statusCode() + ")");
    } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
      throw failure(arn, "Secrets Manager did not answer within "
          + SecretsManagerClients.CALL_TIMEOUT_SECONDS + " s");
    } catch (SdkException e) {
      throw failure(arn, clientProblem(e));
    }
    String text = response.secretString();
    if (text == null) {
      throw failure(arn, response.secretBinary() != null
          ? "binary secrets are not supported; store the secret as a SecretString"
          : "the secret has no SecretString");
    }
    String secret = passwordOf(arn, text);
    if (secret.isEmpty()) {
      throw failure(arn, "the secret is empty");
    }
    return new SecretValue(secret.toCharArray());
  }

  /** The {@code password} of an RDS-style JSON secret, otherwise the whole text. */
  private static String passwordOf(SecretArn arn, String text) {
    if (!text.stripLeading().startsWith("{")) {
      return text;
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JacksonException e) {
      return text; // not JSON after all: a password that starts with '{'
    }
    if (node == null || !node.isObject() || !node.has("password")) {
      return text;
    }
    JsonNode password = node.get("password");
    if (!password.isTextual()) {
      throw failure(arn, "the JSON secret's \"password\" is not a string");
    }
    return password.textValue();
  }

  /** A description of a client-side failure without any text that could come from a response body. */
  private static String clientProblem(SdkException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof UncheckedIOException) {
        return "Secrets Manager cannot be reached (" + t.getClass().getSimpleName() + ")";
      }
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("Unable to load credentials")) {
      return "no AWS credentials found by the default provider chain"
          + " (environment, profile, web identity, container, instance profile)";
    }
    return "the Secrets Manager call failed (" + e.getClass().getSimpleName() + ")";
  }

  private static SecretResolutionException failure(SecretArn arn, String problem) {
    return new SecretResolutionException("secret aws-secretsmanager:" + arn.value() + ": " + problem);
  }

  /** Closes the clients built so far. */
  @Override
  public void close() {
    clients.values().forEach(SecretsManagerClient::close);
    clients.clear();
    cache.clear();
  }

  @Override
  public String toString() {
    return "AwsSecretsManagerSource[regions=" + clients.keySet() + ", cached=" + cache.size() + "]";
  }

  private record Cached(SecretValue value, Instant expires) {}
}
