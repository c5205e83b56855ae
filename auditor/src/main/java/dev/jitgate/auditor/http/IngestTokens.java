package dev.jitgate.auditor.http;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the bearer token of an ingest request against the configured SHA-256 hashes, in constant time
 * per hash and always against every hash.
 */
final class IngestTokens {
  private static final String REALM = "Bearer realm=\"jitgate-auditor\"";
  private final List<byte[]> hashes;

  IngestTokens(List<String> hexHashes) {
    this.hashes = hexHashes.stream().map(HexFormat.of()::parseHex).toList();
  }

  /** Returns normally when {@code authorization} carries an accepted token; otherwise throws a 401. */
  void check(String authorization) {
    String token = bearer(authorization);
    if (token == null) {
      throw unauthenticated("a bearer ingest token is required", REALM);
    }
    byte[] presented = AuditorSettings.sha256(token);
    boolean accepted = false;
    for (byte[] hash : hashes) {
      accepted |= MessageDigest.isEqual(hash, presented);
    }
    if (!accepted) {
      throw unauthenticated("the ingest token is not accepted", REALM + ", error=\"invalid_token\"");
    }
  }

  private static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.strip();
    if (value.length() <= 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    String token = value.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  private static ProblemException unauthenticated(String detail, String challenge) {
    return new ProblemException(Problem.of(401, "unauthenticated", "Unauthenticated", detail),
        Map.of("WWW-Authenticate", challenge));
  }
}
