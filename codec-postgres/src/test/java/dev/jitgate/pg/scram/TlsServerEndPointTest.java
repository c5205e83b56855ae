package dev.jitgate.pg.scram;

import static dev.jitgate.pg.scram.ScramTestSupport.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/**
 * RFC 5929 {@code tls-server-end-point} hashes. Certificates and expected values were made with
 * OpenSSL ({@code openssl x509 -outform der | openssl dgst -sha256 -binary | base64}).
 */
class TlsServerEndPointTest {

  static final String EC_SHA1 =
      """
      -----BEGIN CERTIFICATE-----
      MIIBhDCCASqgAwIBAgIUPO8onW3fgP1zgoiAXSZxlB1UdeAwCQYHKoZIzj0EATAX
      MRUwEwYDVQQDDAxqaXRnYXRlLXNoYTEwIBcNMjYxMTI5MDk0MjQxWhgPMjEyNjEx
      MDUwOTQyNDFaMBcxFTATBgNVBAMMDGppdGdhdGUtc2hhMTBZMBMGByqGSM49AgEG
      CCqGSM49AwEHA0IABNsGlLZ0G0/+5Hmlne76ig8rbdEgRS8Kq/uW8kRjEmMFqWMd
      KP32rXjHjIC2aqPqrFeHJ0jae+ruWd+4zNvgbO+jUzBRMB0GA1UdDgQWBBTCLeyT
      7l0w5YYGITVVWYP9JMuNDzAfBgNVHSMEGDAWgBTCLeyT7l0w5YYGITVVWYP9JMuN
      DzAPBgNVHRMBAf8EBTADAQH/MAkGByqGSM49BAEDSQAwRgIhALAHj/CGBjqIPI3j
      mvOxtG8/Pf7r5azdBKyfqwfNob8tAiEApUVx+1JLfnuUQZVRGCGsKhIHyh0CKX2t
      mxobSMv6Dsk=
      -----END CERTIFICATE-----
      """;

  static final String EC_SHA256 =
      """
      -----BEGIN CERTIFICATE-----
      MIIBiTCCAS+gAwIBAgIUOmIsM8PV+HfTjgFkXu+jw2WxDxQwCgYIKoZIzj0EAwIw
      GTEXMBUGA1UEAwwOaml0Z2F0ZS1zaGEyNTYwIBcNMjYxMTI5MDk0MjQxWhgPMjEy
      NjExMDUwOTQyNDFaMBkxFzAVBgNVBAMMDmppdGdhdGUtc2hhMjU2MFkwEwYHKoZI
      zj0CAQYIKoZIzj0DAQcDQgAE2waUtnQbT/7keaWd7vqKDytt0SBFLwqr+5byRGMS
      YwWpYx0o/fateMeMgLZqo+qsV4cnSNp76u5Z37jM2+Bs76NTMFEwHQYDVR0OBBYE
      FMIt7JPuXTDlhgYhNVVZg/0ky40PMB8GA1UdIwQYMBaAFMIt7JPuXTDlhgYhNVVZ
      g/0ky40PMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAJ+BQGpv
      NXR6o1ofNhzRubVey1CG66kHyHWgFUlXpgibAiACtXrG5WNjHFs6R15SZMHS1CTr
      MfkW5WzxBYKnTYqcvg==
      -----END CERTIFICATE-----
      """;

  static final String EC_SHA384 =
      """
      -----BEGIN CERTIFICATE-----
      MIIBiTCCAS+gAwIBAgIURk2EgAG0THaYLM/OxbJMALAaLT4wCgYIKoZIzj0EAwMw
      GTEXMBUGA1UEAwwOaml0Z2F0ZS1zaGEzODQwIBcNMjYxMTI5MDk0MjQxWhgPMjEy
      NjExMDUwOTQyNDFaMBkxFzAVBgNVBAMMDmppdGdhdGUtc2hhMzg0MFkwEwYHKoZI
      zj0CAQYIKoZIzj0DAQcDQgAE2waUtnQbT/7keaWd7vqKDytt0SBFLwqr+5byRGMS
      YwWpYx0o/fateMeMgLZqo+qsV4cnSNp76u5Z37jM2+Bs76NTMFEwHQYDVR0OBBYE
      FMIt7JPuXTDlhgYhNVVZg/0ky40PMB8GA1UdIwQYMBaAFMIt7JPuXTDlhgYhNVVZ
      g/0ky40PMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwMDSAAwRQIhAPrqOyWy
      CdnfRDYcAL3gilImavcaA7cCS4MxDa4FpmBrAiAioK62XasmZXBwn9/vJ2q3r2kq
      OLRqUDwj+2En0wW1gQ==
      -----END CERTIFICATE-----
      """;

  static final String PSS_SHA512 =
      """
      -----BEGIN CERTIFICATE-----
      MIICcDCCAaWgAwIBAgIUb8veAInv/1RuDr8P4Tder8IPFRswQQYJKoZIhvcNAQEK
      MDSgDzANBglghkgBZQMEAgMFAKEcMBoGCSqGSIb3DQEBCDANBglghkgBZQMEAgMF
      AKIDAgEgMBYxFDASBgNVBAMMC2ppdGdhdGUtcHNzMCAXDTI2MTEyOTA5NDI0MVoY
      DzIxMjYxMTA1MDk0MjQxWjAWMRQwEgYDVQQDDAtqaXRnYXRlLXBzczCBnTALBgkq
      hkiG9w0BAQoDgY0AMIGJAoGBAL8tyy4jcOLV9RZcnk+YjWobtS/05D/bCugKuLsX
      pM0HFk+qrc7OHf7nfoCVg0+Z/LpC9rKzGVq9g4Ad5AuN8iH465GJAzZhH9mN9cGr
      tSjokT6TGOye6WOvp6pgo78X9w1IlSzVCtu7HxtpgwlmtwIJhoeXoSy3qcDDwZkk
      EHAhAgMBAAGjUzBRMB0GA1UdDgQWBBShSgtnpqa09RkSSsaaxBLPBQwpRjAfBgNV
      HSMEGDAWgBShSgtnpqa09RkSSsaaxBLPBQwpRjAPBgNVHRMBAf8EBTADAQH/MEEG
      CSqGSIb3DQEBCjA0oA8wDQYJYIZIAWUDBAIDBQChHDAaBgkqhkiG9w0BAQgwDQYJ
      YIZIAWUDBAIDBQCiAwIBIAOBgQCY9JNHoP3IWwswKMtZRaJXBx++17tz7MmS54LV
      PlcMzWll6gGVhU7PxkkkijAR0LUEqX9pPe7qwYLe7WhFdI24PSTH4BfhkjYb+D7p
      IcA7e5b5E7tCg4WqGVTAGxrnjLQmGoLrvobBCt2S/g0vQZwu0033BXbD9mHEYFwA
      wS3+8g==
      -----END CERTIFICATE-----
      """;

  static final String ED25519 =
      """
      -----BEGIN CERTIFICATE-----
      MIIBQDCB86ADAgECAhROTMyxfSO5GmoTnCaA+hL0slleNTAFBgMrZXAwFTETMBEG
      A1UEAwwKaml0Z2F0ZS1lZDAgFw0yNjExMjkwOTQyNDFaGA8yMTI2MTEwNTA5NDI0
      MVowFTETMBEGA1UEAwwKaml0Z2F0ZS1lZDAqMAUGAytlcAMhAA7TyZ9F+Ryv1WfF
      lK/aXPCeNDe2C6P0EE6Ru7NGSBLSo1MwUTAdBgNVHQ4EFgQUNa3WdDJKsst5SrJs
      mcHLGg+YbsIwHwYDVR0jBBgwFoAUNa3WdDJKsst5SrJsmcHLGg+YbsIwDwYDVR0T
      AQH/BAUwAwEB/zAFBgMrZXADQQBHCHFopivXch3A4ac6oBpz7m97K0otdgMFTd7k
      Q/mea/9fKhn/YVP15JKPqpbtzNUGDmlE+7k8kNjaoVnfMg8E
      -----END CERTIFICATE-----
      """;

  static X509Certificate cert(String pem) throws CertificateException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void sha1SignatureIsUpgradedToSha256() throws CertificateException {
    X509Certificate cert = cert(EC_SHA1);
    assertThat(TlsServerEndPoint.digestAlgorithm(cert)).isEqualTo("SHA-256");
    assertThat(TlsServerEndPoint.hash(cert)).isEqualTo(b64("togpNqMPjxo4kMZZgcK40ZjrGLsF4d+QJ0cCx46qId0="));
  }

  @Test
  void sha256Signature() throws CertificateException {
    assertThat(TlsServerEndPoint.hash(cert(EC_SHA256)))
        .isEqualTo(b64("VfQP4EMb/alUEsuhNtYIXZNXudc0m3RMALch4oweHcs="));
  }

  @Test
  void sha384Signature() throws CertificateException {
    assertThat(TlsServerEndPoint.hash(cert(EC_SHA384)))
        .isEqualTo(b64("qDNXn5B60+iwRkfWdhmVD+CSaRlMGcp0mElbZiHpBlCSnboPT2BzVWaEi0SrVKwc"));
  }

  @Test
  void rsaPssUsesTheHashFromItsParameters() throws CertificateException {
    X509Certificate cert = cert(PSS_SHA512);
    assertThat(TlsServerEndPoint.digestAlgorithm(cert)).isEqualTo("SHA-512");
    assertThat(TlsServerEndPoint.hash(cert))
        .isEqualTo(
            b64("s2qae3jJAtx0hZRtqjmCu+gpKWbJiQ26NCzKaQTzta1ZtU2VuUmvqtuzS1rM7k2vzyNlwhCP29rp12taKcmQxw=="));
  }

  @Test
  void ed25519HasNoEndPointHash() throws CertificateException {
    X509Certificate cert = cert(ED25519);
    assertThatThrownBy(() -> TlsServerEndPoint.hash(cert)).isInstanceOf(IllegalArgumentException.class);
  }
}
