package dev.jitgate.proxy.upstream;

import dev.jitgate.pg.Bytes;
import dev.jitgate.pg.PgProtocolException;
import dev.jitgate.pg.ProtocolVersion;
import dev.jitgate.pg.SqlState;
import dev.jitgate.pg.backend.AuthenticationCleartextPassword;
import dev.jitgate.pg.backend.AuthenticationGss;
import dev.jitgate.pg.backend.AuthenticationGssContinue;
import dev.jitgate.pg.backend.AuthenticationKerberosV5;
import dev.jitgate.pg.backend.AuthenticationMd5Password;
import dev.jitgate.pg.backend.AuthenticationOk;
import dev.jitgate.pg.backend.AuthenticationSasl;
import dev.jitgate.pg.backend.AuthenticationSaslContinue;
import dev.jitgate.pg.backend.AuthenticationSaslFinal;
import dev.jitgate.pg.backend.AuthenticationScmCredential;
import dev.jitgate.pg.backend.AuthenticationSspi;
import dev.jitgate.pg.backend.Authentication;
import dev.jitgate.pg.backend.BackendKeyData;
import dev.jitgate.pg.backend.BackendMessage;
import dev.jitgate.pg.backend.BackendMessages;
import dev.jitgate.pg.backend.ErrorResponse;
import dev.jitgate.pg.backend.NegotiateProtocolVersion;
import dev.jitgate.pg.backend.NoticeResponse;
import dev.jitgate.pg.backend.ParameterStatus;
import dev.jitgate.pg.backend.ReadyForQuery;
import dev.jitgate.pg.frontend.PasswordMessage;
import dev.jitgate.pg.frontend.SaslInitialResponse;
import dev.jitgate.pg.frontend.SaslResponse;
import dev.jitgate.pg.frontend.StartupMessage;
import dev.jitgate.pg.netty.PgFrame;
import dev.jitgate.pg.netty.PgFrameDecoder;
import dev.jitgate.pg.scram.Md5Password;
import dev.jitgate.pg.scram.ScramClient;
import dev.jitgate.pg.scram.ScramException;
import dev.jitgate.pg.scram.ScramKeyCache;
import dev.jitgate.pg.scram.TlsServerEndPoint;
import dev.jitgate.proxy.config.UpstreamAuthMethod;
import dev.jitgate.proxy.config.UpstreamConfig;
import dev.jitgate.proxy.tls.TlsSessionCertificates;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Promise;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logs the proxy in to the upstream server: sends the StartupMessage, answers the server's
 * authentication request (SCRAM-SHA-256 with channel binding where possible, MD5 or cleartext if the
 * configured minimum allows them), verifies the server's SCRAM signature, collects ParameterStatus and
 * BackendKeyData, and completes its promise at the first ReadyForQuery, leaving the channel with no
 * handlers but TLS. Every failure completes the promise with an {@link UpstreamException} and closes the
 * channel.
 */
public final class UpstreamHandshakeHandler extends ChannelInboundHandlerAdapter {

  private final UpstreamConfig config;
  private final ProtocolVersion requestedVersion;
  private final Map<String, String> forwardedParameters;
  private final int maxMessageLength;
  private final SecureRandom random;
  private final ScramKeyCache keyCache;
  private final Promise<UpstreamConnection> promise;

  private ProtocolVersion agreedVersion;
  private UpstreamAuthMethod usedMethod;
  private boolean serverVerified;
  private ScramClient scram;
  private final List<ParameterStatus> parameters = new ArrayList<>();
  private final List<NoticeResponse> notices = new ArrayList<>();
  private BackendKeyData keyData;

  public UpstreamHandshakeHandler(
      UpstreamConfig config,
      ProtocolVersion requestedVersion,
      Map<String, String> forwardedParameters,
      int maxMessageLength,
      SecureRandom random,
      ScramKeyCache keyCache,
      Promise<UpstreamConnection> promise) {
    this.config = config;
    this.requestedVersion = requestedVersion;
    this.agreedVersion = requestedVersion;
    this.forwardedParameters = forwardedParameters;
    this.maxMessageLength = maxMessageLength;
    this.random = random;
    this.keyCache = keyCache;
    this.promise = promise;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof UpstreamTransportReady) {
      ctx.pipeline().addBefore(ctx.name(), "frames", new PgFrameDecoder(maxMessageLength));
      LinkedHashMap<String, String> params = new LinkedHashMap<>();
      params.put("user", config.user());
      params.put("database", config.database());
      params.putAll(forwardedParameters);
      ctx.writeAndFlush(new StartupMessage(requestedVersion, params));
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof PgFrame frame)) {
      io.netty.util.ReferenceCountUtil.release(msg);
      fail(ctx, new UpstreamException(SqlState.PROTOCOL_VIOLATION, GENERIC, "unexpected upstream data before TLS"));
      return;
    }
    try {
      BackendMessage message = BackendMessages.decode(frame.type(), frame.body());
      handle(ctx, message);
    } catch (PgProtocolException e) {
      fail(ctx, new UpstreamException(SqlState.PROTOCOL_VIOLATION, GENERIC, "upstream protocol violation: " + e.getMessage(), e));
    } catch (ScramException e) {
      fail(ctx, new UpstreamException(SqlState.CONNECTION_FAILURE, AUTH_FAILED, "upstream SCRAM failed: " + e.getMessage(), e));
    } finally {
      frame.release();
    }
  }

  private static final String GENERIC = "the upstream database sent an invalid response";
  private static final String AUTH_FAILED = "jitgate could not log in to the upstream database";

  private void handle(ChannelHandlerContext ctx, BackendMessage message) throws ScramException {
    if (promise.isDone()) {
      return;
    }
    switch (message) {
      case Authentication a -> authenticate(ctx, a);
      case ParameterStatus p -> parameters.add(p);
      case BackendKeyData k -> keyData = k;
      case NoticeResponse n -> {
        if (notices.size() < 32) {
          notices.add(n);
        }
      }
      case NegotiateProtocolVersion v -> negotiate(ctx, v);
      case ErrorResponse e -> fail(ctx, rejected(e));
      case ReadyForQuery r -> ready(ctx, r);
      default ->
          fail(ctx, new UpstreamException(SqlState.PROTOCOL_VIOLATION, GENERIC,
              "unexpected upstream message during login: " + message.getClass().getSimpleName()));
    }
  }

  private void authenticate(ChannelHandlerContext ctx, Authentication request) throws ScramException {
    switch (request) {
      case AuthenticationOk ok -> {
        UpstreamAuthMethod method = usedMethod == null ? UpstreamAuthMethod.TRUST : usedMethod;
        if (!method.atLeast(config.minimumAuth())) {
          refuse(ctx, method);
        } else if (method == UpstreamAuthMethod.SCRAM_SHA_256 && !serverVerified) {
          fail(ctx, new UpstreamException(SqlState.CONNECTION_FAILURE, AUTH_FAILED,
              "upstream sent AuthenticationOk before proving the SCRAM server signature"));
        }
      }
      case AuthenticationCleartextPassword c -> {
        if (allow(ctx, UpstreamAuthMethod.PASSWORD)) {
          ctx.writeAndFlush(new PasswordMessage(config.password().value()));
        }
      }
      case AuthenticationMd5Password m -> {
        if (allow(ctx, UpstreamAuthMethod.MD5)) {
          ctx.writeAndFlush(new PasswordMessage(Md5Password.encode(config.user(), config.password().value(), m.salt().toArray())));
        }
      }
      case AuthenticationSasl s -> {
        if (allow(ctx, UpstreamAuthMethod.SCRAM_SHA_256)) {
          byte[] cbData = channelBindingData(ctx);
          String mechanism = ScramClient.chooseMechanism(s.mechanisms(), cbData != null);
          scram = new ScramClient(config.password().value(), random, mechanism, mechanism.endsWith("-PLUS") ? cbData : null,
              keyCache);
          ctx.writeAndFlush(new SaslInitialResponse(mechanism, Bytes.of(scram.clientFirstMessage())));
        }
      }
      case AuthenticationSaslContinue c -> {
        requireScram();
        ctx.writeAndFlush(new SaslResponse(Bytes.of(scram.handleServerFirst(c.data().toArray()))));
      }
      case AuthenticationSaslFinal f -> {
        requireScram();
        scram.verifyServerFinal(f.data().toArray());
        serverVerified = true;
      }
      case AuthenticationKerberosV5 k -> unsupported(ctx, "Kerberos V5");
      case AuthenticationScmCredential s -> unsupported(ctx, "SCM credentials");
      case AuthenticationGss g -> unsupported(ctx, "GSSAPI");
      case AuthenticationGssContinue g -> unsupported(ctx, "GSSAPI");
      case AuthenticationSspi s -> unsupported(ctx, "SSPI");
    }
  }

  private void requireScram() throws ScramException {
    if (scram == null) {
      throw new ScramException(ScramException.Reason.PROTOCOL_VIOLATION, "SASL message before SASL started");
    }
  }

  private boolean allow(ChannelHandlerContext ctx, UpstreamAuthMethod method) {
    if (usedMethod != null) {
      fail(ctx, new UpstreamException(SqlState.PROTOCOL_VIOLATION, GENERIC, "upstream asked to authenticate twice"));
      return false;
    }
    if (!method.atLeast(config.minimumAuth())) {
      refuse(ctx, method);
      return false;
    }
    if (config.password() == null) {
      fail(ctx, new UpstreamException(SqlState.CONNECTION_FAILURE, AUTH_FAILED,
          "upstream asked for a password but none is configured"));
      return false;
    }
    usedMethod = method;
    return true;
  }

  private void refuse(ChannelHandlerContext ctx, UpstreamAuthMethod offered) {
    fail(ctx, new UpstreamException(SqlState.CONNECTION_FAILURE, AUTH_FAILED,
        "upstream offered authentication " + offered.configName() + ", weaker than the configured minimum "
            + config.minimumAuth().configName()));
  }

  private void unsupported(ChannelHandlerContext ctx, String method) {
    fail(ctx, new UpstreamException(SqlState.FEATURE_NOT_SUPPORTED, AUTH_FAILED,
        "upstream asked for unsupported authentication " + method));
  }

  private void negotiate(ChannelHandlerContext ctx, NegotiateProtocolVersion v) {
    ProtocolVersion offered = v.newestVersion();
    if (offered.major() != 3 || offered.compareTo(requestedVersion) > 0) {
      fail(ctx, new UpstreamException(SqlState.PROTOCOL_VIOLATION, GENERIC,
          "upstream negotiated an invalid protocol version " + offered));
      return;
    }
    agreedVersion = offered;
  }

  private static UpstreamException rejected(ErrorResponse e) {
    String sqlState = e.sqlState();
    String message = e.message();
    if (sqlState == null || message == null) {
      return new UpstreamException(SqlState.CONNECTION_FAILURE, GENERIC, "upstream sent an ErrorResponse without SQLSTATE or message");
    }
    SqlState code;
    try {
      code = new SqlState(sqlState);
    } catch (IllegalArgumentException ex) {
      return new UpstreamException(SqlState.CONNECTION_FAILURE, GENERIC, "upstream sent a malformed SQLSTATE");
    }
    String logMessage = "upstream refused the login: " + sqlState + " " + clip(message);
    if (code.errorClass().equals("28")) {
      return new UpstreamException(SqlState.CONNECTION_FAILURE, AUTH_FAILED, logMessage);
    }
    return new UpstreamException(code, "upstream database: " + clip(message), logMessage);
  }

  private static String clip(String s) {
    return s.length() > 500 ? s.substring(0, 500) + "…" : s;
  }

  private void ready(ChannelHandlerContext ctx, ReadyForQuery ready) {
    if (usedMethod == null && !UpstreamAuthMethod.TRUST.atLeast(config.minimumAuth())) {
      refuse(ctx, UpstreamAuthMethod.TRUST);
      return;
    }
    if (usedMethod == UpstreamAuthMethod.SCRAM_SHA_256 && !serverVerified) {
      fail(ctx, new UpstreamException(SqlState.CONNECTION_FAILURE, AUTH_FAILED, "upstream skipped SCRAM server-final"));
      return;
    }
    ctx.pipeline().remove("frames");
    ctx.pipeline().remove(this);
    promise.trySuccess(
        new UpstreamConnection(ctx.channel(), config, agreedVersion, parameters, notices, keyData, ready));
  }

  private static byte[] channelBindingData(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return null;
    }
    X509Certificate cert = TlsSessionCertificates.peerCertificate(ssl);
    return cert == null ? null : TlsServerEndPoint.hash(cert);
  }

  private void fail(ChannelHandlerContext ctx, UpstreamException e) {
    if (promise.tryFailure(e)) {
      ctx.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause instanceof io.netty.handler.codec.DecoderException d && d.getCause() != null ? d.getCause() : cause;
    UpstreamException e =
        switch (c) {
          case UpstreamException u -> u;
          case PgProtocolException p ->
              new UpstreamException(SqlState.PROTOCOL_VIOLATION, GENERIC, "upstream protocol violation: " + p.getMessage(), p);
          default ->
              UpstreamException.transientFailure(SqlState.CONNECTION_FAILURE, "could not connect to the upstream database",
                  "upstream connection failed: " + c, c);
        };
    fail(ctx, e);
  }

  /**
   * The upstream closed the connection before the login finished, without an error message: transient, like a
   * reset (whether the kernel reports a reset as an error or as a close depends on timing), so the session tries
   * once more on a new connection; the client has seen nothing yet.
   */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail(ctx, UpstreamException.transientFailure(SqlState.CONNECTION_FAILURE,
        "the upstream database closed the connection during login", "upstream closed the connection during login",
        null));
    ctx.fireChannelInactive();
  }
}
