package dev.jitgate.access.secret;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the {@link SecretsManagerClient} for one region: JDK {@code HttpURLConnection} transport, connect
 * timeout {@value #CONNECT_TIMEOUT_SECONDS} s, whole-call timeout {@value #CALL_TIMEOUT_SECONDS} s (retries
 * included).
 *
 * @param credentials static credentials (tests); empty means the SDK's default provider chain
 *     (environment, profile, web identity, container, instance profile), owned by the client
 * @param endpointOverride a local endpoint (tests); empty means the region's AWS endpoint
 */
public record SecretsManagerClients(
    Optional<AwsCredentialsProvider> credentials, Optional<URI> endpointOverride)
    implements Function<Region, SecretsManagerClient> {

  /** TCP connect timeout. */
  public static final int CONNECT_TIMEOUT_SECONDS = 5;
  /** Limit for one GetSecretValue call, retries included. */
  public static final int CALL_TIMEOUT_SECONDS = 10;

  public SecretsManagerClients {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(endpointOverride, "endpointOverride");
  }

  /** Production clients: default credentials provider chain, AWS endpoints. */
  public static SecretsManagerClients defaults() {
    return new SecretsManagerClients(Optional.empty(), Optional.empty());
  }

  @Override
  public SecretsManagerClient apply(Region region) {
    var builder = SecretsManagerClient.builder()
        .region(region)
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS))
            .socketTimeout(Duration.ofSeconds(CALL_TIMEOUT_SECONDS)))
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .apiCallTimeout(Duration.ofSeconds(CALL_TIMEOUT_SECONDS))
            .build());
    credentials.ifPresent(builder::credentialsProvider);
    endpointOverride.ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
