package dev.jitgate.auditor.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings of the {@link AuditorServer}.
 *
 * @param host the address to bind
 * @param port the port to bind, {@code 0} for an ephemeral one
 * @param ingestTokenHashes lower-case hex SHA-256 of every accepted ingest token (see {@link #sha256Hex});
 *     the tokens themselves are never held
 * @param maxBodyBytes the largest request body accepted as sent (compressed)
 * @param maxDecompressedBytes the largest request body accepted once decompressed
 */
public record AuditorSettings(
    String host, int port, List<String> ingestTokenHashes, long maxBodyBytes, long maxDecompressedBytes) {

  /** 16 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;
  /** 64 MiB. */
  public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 64L * 1024 * 1024;
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public AuditorSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host: must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port: must be between 0 and 65535");
    }
    if (ingestTokenHashes == null || ingestTokenHashes.isEmpty()) {
      throw new IllegalArgumentException("ingestTokenHashes: at least one is needed");
    }
    for (int i = 0; i < ingestTokenHashes.size(); i++) {
      String hash = ingestTokenHashes.get(i);
      if (hash == null || !SHA256_HEX.matcher(hash).matches()) {
        throw new IllegalArgumentException(
            "ingestTokenHashes[" + i + "]: must be 64 lower-case hex digits (SHA-256)");
      }
    }
    ingestTokenHashes = List.copyOf(ingestTokenHashes);
    if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBodyBytes: must be between 1 and 2 GiB");
    }
    if (maxDecompressedBytes < 1 || maxDecompressedBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxDecompressedBytes: must be between 1 and 2 GiB");
    }
  }

  /** Settings with the default body limits. */
  public static AuditorSettings of(String host, int port, List<String> ingestTokenHashes) {
    return new AuditorSettings(host, port, ingestTokenHashes, DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_DECOMPRESSED_BYTES);
  }

  /** Lower-case hex SHA-256 of the UTF-8 of {@code token}: the form {@link #ingestTokenHashes} holds. */
  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "AuditorSettings[host=" + host + ", port=" + port + ", ingestTokens=" + ingestTokenHashes.size()
        + ", maxBodyBytes=" + maxBodyBytes + ", maxDecompressedBytes=" + maxDecompressedBytes + "]";
  }
}
