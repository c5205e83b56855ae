package dev.jitgate.proxy.upstream;

/**
 * User event fired by {@link UpstreamSslNegotiator} once the upstream transport is settled: TLS
 * established ({@code tls == true}) or plaintext allowed by the SSL mode.
 */
public record UpstreamTransportReady(boolean tls) {}
