/**
 * TLS for both sides of the proxy: server and upstream {@code SslContext}s, sslmode policies, PEM I/O and a
 * development certificate authority.
 */
package dev.jitgate.proxy.tls;
