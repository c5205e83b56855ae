package dev.jitgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OIDC bearer JWTs against a JWKS served by a local HTTP server: valid tokens map claims to a principal
 * and groups (and so roles); tokens from another issuer, for another audience, expired, not yet valid,
 * signed by an unknown key or tampered with are 401.
 */
class OidcAuthenticationTest {
  private static final String ISSUER = "https://idp.example";
  private static final String AUDIENCE = "jitgate";
  private static HttpServer jwks;
  private static RSAKey rsa;
  private static ECKey ec;
  private static RSAKey stranger;
  private static ApiFixture api;

  @BeforeAll
  static void start() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    byte[] keys = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext("/jwks.json", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, keys.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(keys);
      }
    });
    jwks.start();
    OidcSettings oidc = new OidcSettings(ISSUER,
        URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json"), AUDIENCE, "email", "groups",
        Map.of("idp-dba", "dba", "idp-readers", "readers"));
    api = ApiFixture.sqlite(new AdminApiSettings("127.0.0.1", 0, 64 * 1024, Optional.of(oidc), Optional.empty()));
    Http.Response group = api.http.put("/v1/principals/dba", api.adminToken,
        "{\"name\":\"dba\",\"kind\":\"group\",\"roles\":[\"approver\"]}");
    assertThat(group.status()).as("%s", group).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    api.close();
    jwks.stop(0);
  }

  private static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, UnaryOperator<JWTClaimsSet.Builder> claims)
      throws JOSEException {
    Instant now = Instant.now();
    JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("00u1")
        .claim("email", "carol@example.com")
        .claim("groups", List.of("idp-dba", "idp-unmapped"))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)));
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims.apply(b).build());
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static String rs256(UnaryOperator<JWTClaimsSet.Builder> claims) throws JOSEException {
    return sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, "rsa-1", claims);
  }

  @Test
  void validRs256TokenMapsClaimsToPrincipalGroupsAndRoles() throws Exception {
    Http.Response me = api.http.get("/v1/me", rs256(b -> b));

    assertThat(me.status()).as("%s", me).isEqualTo(200);
    assertThat(me.json().path("principal").asText()).isEqualTo("carol@example.com");
    assertThat(me.json().path("groups").toString()).isEqualTo("[\"dba\"]");
    assertThat(me.json().path("roles").toString()).contains("approver");
    // the mapped group's role is effective: approvers may list principals, requesters may not
    assertThat(api.http.get("/v1/principals", rs256(b -> b)).status()).isEqualTo(200);
  }

  @Test
  void validEs256TokenIsAccepted() throws Exception {
    String token = sign(new ECDSASigner(ec), JWSAlgorithm.ES256, "ec-1",
        b -> b.claim("groups", List.of("idp-readers")));
    Http.Response me = api.http.get("/v1/me", token);

    assertThat(me.status()).as("%s", me).isEqualTo(200);
    assertThat(me.json().path("groups").toString()).isEqualTo("[\"readers\"]");
  }

  @Test
  void wrongIssuerIsRefused() throws Exception {
    assertRefused(rs256(b -> b.issuer("https://evil.example")));
  }

  @Test
  void wrongAudienceIsRefused() throws Exception {
    assertRefused(rs256(b -> b.audience("someone-else")));
  }

  @Test
  void expiredTokenIsRefused() throws Exception {
    Instant past = Instant.now().minusSeconds(3600);
    assertRefused(rs256(b -> b.issueTime(Date.from(past.minusSeconds(600))).expirationTime(Date.from(past))));
  }

  @Test
  void tokenWithoutExpiryIsRefused() throws Exception {
    assertRefused(rs256(b -> b.expirationTime(null)));
  }

  @Test
  void notYetValidTokenIsRefused() throws Exception {
    assertRefused(rs256(b -> b.notBeforeTime(Date.from(Instant.now().plusSeconds(3600)))));
  }

  @Test
  void tokenWithoutThePrincipalClaimIsRefused() throws Exception {
    assertRefused(rs256(b -> b.claim("email", null)));
  }

  @Test
  void badSignatureIsRefused() throws Exception {
    assertRefused(sign(new RSASSASigner(stranger), JWSAlgorithm.RS256, "rsa-1", b -> b));
  }

  @Test
  void tamperedPayloadIsRefused() throws Exception {
    String[] parts = rs256(b -> b).split("\\.");
    String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"email\":\"admin\",\"exp\":"
            + (Instant.now().getEpochSecond() + 300) + "}").getBytes(StandardCharsets.UTF_8));
    assertRefused(parts[0] + "." + forged + "." + parts[2]);
  }

  @Test
  void unsignedTokenIsRefused() {
    String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String body = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"email\":\"admin\",\"exp\":"
            + (Instant.now().getEpochSecond() + 300) + "}").getBytes(StandardCharsets.UTF_8));
    assertRefused(header + "." + body + ".");
  }

  @Test
  void apiTokensStillWorkWithOidcConfigured() {
    assertThat(api.http.get("/v1/me", api.adminToken).status()).isEqualTo(200);
  }

  private static void assertRefused(String token) {
    Http.Response r = api.http.get("/v1/me", token);
    assertThat(r.status()).as("%s", r).isEqualTo(401);
    assertThat(r.isProblem()).isTrue();
    assertThat(r.json().path("detail").asText()).isEqualTo("invalid or expired token");
    assertThat(r.wwwAuthenticate()).isEqualTo("Bearer realm=\"jitgate\", error=\"invalid_token\"");
  }
}
