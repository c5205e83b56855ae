package dev.jitgate.proxy.session;

import dev.jitgate.audit.event.EndReason;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.SessionReject;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.pg.Bytes;
import dev.jitgate.pg.MessageStreamScanner;
import dev.jitgate.pg.PgProtocolException;
import dev.jitgate.pg.ProtocolVersion;
import dev.jitgate.pg.SqlState;
import dev.jitgate.pg.backend.AuthenticationOk;
import dev.jitgate.pg.backend.AuthenticationSasl;
import dev.jitgate.pg.backend.AuthenticationSaslContinue;
import dev.jitgate.pg.backend.AuthenticationSaslFinal;
import dev.jitgate.pg.backend.BackendKeyData;
import dev.jitgate.pg.backend.ErrorFields;
import dev.jitgate.pg.backend.ErrorResponse;
import dev.jitgate.pg.backend.NegotiateProtocolVersion;
import dev.jitgate.pg.backend.ReadyForQuery;
import dev.jitgate.pg.frontend.CancelRequest;
import dev.jitgate.pg.frontend.GssEncRequest;
import dev.jitgate.pg.frontend.SslRequest;
import dev.jitgate.pg.frontend.StartupMessage;
import dev.jitgate.pg.frontend.StartupPacket;
import dev.jitgate.pg.frontend.Terminate;
import dev.jitgate.pg.netty.PgFrame;
import dev.jitgate.pg.scram.ScramServer;
import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.audit.AuditPipeline;
import dev.jitgate.proxy.audit.AuditUnavailableException;
import dev.jitgate.proxy.audit.SessionAudit;
import dev.jitgate.proxy.audit.emit.MessageTap;
import dev.jitgate.proxy.cancel.CancelKey;
import dev.jitgate.proxy.cancel.CancelTarget;
import dev.jitgate.proxy.config.UpstreamConfig;
import dev.jitgate.proxy.gate.Admission;
import dev.jitgate.proxy.gate.LoginCheck;
import dev.jitgate.proxy.metrics.ProxyMetrics.Outcome;
import dev.jitgate.proxy.relay.RelayHandler;
import dev.jitgate.proxy.upstream.UpstreamConnection;
import dev.jitgate.proxy.upstream.UpstreamException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, from accept to close. The flow reads like the protocol:
 *
 * <pre>
 *  client                        jitgate                              upstream
 *  SSLRequest ───────────────▶  'S' + TLS (or 'N')
 *  StartupMessage ───────────▶  [NegotiateProtocolVersion] AuthenticationSASL
 *  SASLInitialResponse ──────▶  AuthenticationSASLContinue
 *  SASLResponse ─────────────▶  AuthenticationSASLFinal, AuthenticationOk
 *                               authorize → connect ─────────────▶  SSLRequest/TLS, StartupMessage, auth
 *                                                     ◀────────────  ParameterStatus*, BackendKeyData, ReadyForQuery
 *  ◀── ParameterStatus*, BackendKeyData (the proxy's own key), ReadyForQuery
 *  ◀════════════════════════ relay both ways, bytes untouched ═══════════════════════▶
 * </pre>
 *
 * Each step is one method. Everything runs on the client channel's event loop, which the upstream
 * channel shares; {@link #terminate} may be called from any thread.
 */
public final class ClientSession extends ChannelInboundHandlerAdapter implements CancelTarget {

  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

  /** The phase a connection is in; each accepts different input. */
  enum Phase {
    STARTUP,
    AUTHENTICATING,
    CONNECTING,
    RELAYING,
    CLOSED
  }

  private static final byte[] INSPECTED_BACKEND_TYPES = {'Z'};

  /** Upstream connection attempts per login when the failure is transient (refused, reset). */
  private static final int UPSTREAM_ATTEMPTS = 2;
  private static final byte[] INSPECTED_FRONTEND_TYPES = {};
  /** Bytes of a Terminate message: type and length. */
  private static final int TERMINATE_LENGTH = 5;

  private final ProxyServices services;
  private final long acceptedAt = System.nanoTime();
  private Channel client;
  private Phase phase = Phase.STARTUP;
  private Outcome outcome = Outcome.PROTOCOL_ERROR;
  private boolean tls;
  private boolean registered;
  private ProtocolVersion version;
  private String user;
  private String database;
  private Map<String, String> forwardedParameters;
  private ClientAuthExchange auth;
  private LoginCheck loginCheck;
  private Admission.SessionGrant grant;
  private Admission.Admitted admitted;
  private boolean repairAsked;
  private String countedUser;
  private UpstreamConnection upstream;
  private CancelKey cancelKey;
  private RelayHandler frontendRelay;
  private RelayHandler backendRelay;
  private ScheduledFuture<?> loginTimeout;
  private ScheduledFuture<?> idleCheck;
  private long lastClientReadNanos;
  private long lastReadyNanos;
  private boolean readyForQuery;
  private boolean relayStarted;
  private boolean authenticated;
  private ErrorFields refusal;
  private SessionAudit audit;
  private EndReason endReason;
  private long bytesIn;
  private long bytesOut;
  /** Set when the pool may take the upstream connection back: follows the session's sync points. */
  private UpstreamSyncTracker sync;
  /** The client's Terminate was kept from the upstream, which may serve another session. */
  private boolean terminateWithheld;
  private ChannelFutureListener upstreamCloseListener;

  public ClientSession(ProxyServices services) {
    this.services = services;
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    client = ctx.channel();
    services.metrics().connectionOpened();
    Duration timeout = services.config().limits().loginTimeout();
    loginTimeout = ctx.executor().schedule(this::loginTimedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
    client.closeFuture().addListener(f -> closed());
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      switch (phase) {
        case STARTUP -> {
          if (msg instanceof StartupPacket packet) {
            onStartupPacket(ctx, packet);
          } else {
            violation("expected a startup packet");
          }
        }
        case AUTHENTICATING -> {
          if (msg instanceof PgFrame frame) {
            onAuthenticationMessage(frame);
          } else {
            violation("unexpected data during authentication");
          }
        }
        case CONNECTING, RELAYING -> violation("unexpected message before ReadyForQuery");
        case CLOSED -> {}
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause instanceof DecoderException d && d.getCause() != null ? d.getCause() : cause;
    switch (c) {
      case PgProtocolException p -> {
        log.debug("client {} protocol violation: {}", client.remoteAddress(), p.getMessage());
        fatal(p.sqlState(), p.getMessage());
      }
      case SSLException s -> {
        log.debug("client {} TLS failure: {}", client.remoteAddress(), s.toString());
        close();
      }
      case IOException io -> {
        log.debug("client {} I/O error: {}", client.remoteAddress(), io.toString());
        close();
      }
      default -> {
        log.warn("client {} session failed", client.remoteAddress(), c);
        fatal(SqlState.INTERNAL_ERROR, "internal error in jitgate");
      }
    }
  }

  /** Called once when the client channel has closed, whatever the reason. */
  private void closed() {
    phase = Phase.CLOSED;
    recordAuditEnd();
    cancelTimer(loginTimeout);
    cancelTimer(idleCheck);
    if (cancelKey != null) {
      services.cancels().unregister(cancelKey);
    }
    if (countedUser != null) {
      services.sessions().releaseUser(countedUser);
    }
    if (registered) {
      services.sessions().close(this);
    }
    if (grant != null) {
      services.sessions().detachGrant(this, grant.grantId());
    }
    if (upstream != null) {
      releaseUpstream();
    }
    if (relayStarted) {
      services.metrics().sessionEnded();
    }
    services.metrics().connectionClosed(outcome);
  }

  // ---------------------------------------------------------------- startup

  private void onStartupPacket(ChannelHandlerContext ctx, StartupPacket packet) {
    switch (packet) {
      case SslRequest s -> onSslRequest(ctx);
      case GssEncRequest g -> onGssEncRequest(ctx);
      case CancelRequest c -> onCancelRequest(c);
      case StartupMessage m -> onStartupMessage(ctx, m);
    }
  }

  private void onSslRequest(ChannelHandlerContext ctx) {
    if (tls) {
      violation("SSLRequest received on an encrypted connection");
      return;
    }
    if (services.serverTls() == null || !services.config().listener().tls().mode().acceptsSslRequest()) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
      return;
    }
    ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'S'}));
    SslHandler ssl = services.serverTls().newHandler(ctx.alloc());
    ctx.pipeline().addFirst("tls", ssl);
    tls = true;
  }

  private void onGssEncRequest(ChannelHandlerContext ctx) {
    if (tls) {
      violation("GSSENCRequest received on an encrypted connection");
      return;
    }
    ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
  }

  /** Marks the connection as already encrypted by direct TLS (set by the initializer). */
  public void markDirectTls() {
    tls = true;
  }

  private void onCancelRequest(CancelRequest request) {
    outcome = Outcome.CANCEL_REQUEST;
    Optional<CancelTarget> target = services.cancels().find(request.processId(), request.secretKey());
    if (target.isPresent()) {
      services.metrics().cancelForwarded();
      target.get().cancelUpstreamQuery();
    } else {
      services.metrics().cancelIgnored();
    }
    close();
  }

  private void onStartupMessage(ChannelHandlerContext ctx, StartupMessage m) {
    if (services.config().listener().tls().mode().requiresTls() && !tls) {
      fatal(ErrorFields.builder(ErrorFields.Severity.FATAL, SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
              "jitgate accepts only encrypted connections")
          .hint("Connect with sslmode=require, verify-ca or verify-full.").build());
      return;
    }
    user = m.user();
    if (user == null || user.isEmpty()) {
      fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "no PostgreSQL user name specified in startup packet");
      return;
    }
    database = m.database();
    if (!services.sessions().tryOpen(this)) {
      outcome = Outcome.REJECTED;
      fatal(SqlState.TOO_MANY_CONNECTIONS, "sorry, too many clients already");
      return;
    }
    registered = true;
    negotiateVersion(ctx, m);
    forwardedParameters = forwardedParameters(m);
    CompletableFuture<Void> ready = services.gate().prepare(user, database == null ? "" : database)
        .toCompletableFuture();
    if (ready.isDone()) {
      startAuthentication(ctx);
      return;
    }
    client.config().setAutoRead(false); // the client waits for the authentication request anyway
    ready.whenComplete((ok, error) -> client.eventLoop().execute(() -> {
      if (phase == Phase.STARTUP && client.isActive()) {
        startAuthentication(ctx);
        client.config().setAutoRead(true);
      }
    }));
  }

  private void negotiateVersion(ChannelHandlerContext ctx, StartupMessage m) {
    List<String> unsupportedOptions = new ArrayList<>();
    for (String name : m.parameters().keySet()) {
      if (name.startsWith("_pq_.")) {
        unsupportedOptions.add(name);
      }
    }
    ProtocolVersion requested = m.version();
    version = requested.compareTo(ProtocolVersion.LATEST) > 0 ? ProtocolVersion.LATEST : requested;
    if (requested.compareTo(ProtocolVersion.LATEST) > 0 || !unsupportedOptions.isEmpty()) {
      ctx.write(new NegotiateProtocolVersion(version, unsupportedOptions));
    }
  }

  private Map<String, String> forwardedParameters(StartupMessage m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.parameters().forEach((k, v) -> {
      if (services.config().parameters().forwards(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  // ---------------------------------------------------------------- authentication

  private void startAuthentication(ChannelHandlerContext ctx) {
    byte[] cbData = tls && services.serverTls() != null ? services.serverTls().channelBindingData() : null;
    loginCheck = services.gate().begin(user, database == null ? "" : database);
    Optional<ScramVerifier> verifier = loginCheck.verifier();
    ScramServer scram =
        verifier.isPresent()
            ? ScramServer.forVerifier(verifier.get(), services.random(), cbData)
            : ScramServer.mock(user, services.mockSecret(), services.random(), cbData);
    auth = new ClientAuthExchange(scram);
    phase = Phase.AUTHENTICATING;
    ctx.writeAndFlush(new AuthenticationSasl(auth.mechanisms()));
  }

  private void onAuthenticationMessage(PgFrame frame) {
    if (frame.type() != 'p') {
      violation("expected SASL response, got message type " + (frame.type() & 0xFF));
      return;
    }
    switch (auth.step(frame)) {
      case ClientAuthExchange.Step.Challenge c -> client.writeAndFlush(new AuthenticationSaslContinue(Bytes.of(c.serverFirst())));
      case ClientAuthExchange.Step.Authenticated a -> {
        authenticated = true;
        client.write(new AuthenticationSaslFinal(Bytes.of(a.serverFinal())));
        client.writeAndFlush(AuthenticationOk.INSTANCE);
        authorize();
      }
      case ClientAuthExchange.Step.InvalidPassword p -> authenticationFailed();
      case ClientAuthExchange.Step.Violation v -> violation(v.message());
    }
  }

  private void authenticationFailed() {
    outcome = Outcome.AUTH_FAILED;
    services.metrics().authFailed();
    client.config().setAutoRead(false);
    phase = Phase.CONNECTING;
    ErrorFields.Builder failure = ErrorFields.builder(ErrorFields.Severity.FATAL, SqlState.INVALID_PASSWORD,
        "password authentication failed for user \"" + user + "\"");
    String hint = services.gate().authenticationFailedHint(loginCheck);
    if (!hint.isEmpty()) {
      failure.hint(hint);
    }
    ErrorFields fields = failure.build();
    long delay = services.config().limits().authFailureDelay().toMillis();
    client.eventLoop().schedule(() -> fatal(fields), delay, TimeUnit.MILLISECONDS);
  }

  // ---------------------------------------------------------------- authorization and upstream

  private void authorize() {
    if (!services.sessions().tryAcquireUser(user)) {
      outcome = Outcome.REJECTED;
      fatal(SqlState.TOO_MANY_CONNECTIONS, "too many connections for user \"" + user + "\"");
      return;
    }
    countedUser = user;
    phase = Phase.CONNECTING;
    client.config().setAutoRead(false);
    services.gate().admit(loginCheck).whenComplete((admission, error) ->
        client.eventLoop().execute(() -> onAdmission(admission, error)));
  }

  private void onAdmission(Admission admission, Throwable error) {
    if (phase == Phase.CLOSED) {
      return;
    }
    if (error != null) {
      outcome = Outcome.UPSTREAM_FAILED;
      log.warn("session of {} to {}: admission failed", user, database, error);
      fatal(SqlState.INTERNAL_ERROR, "jitgate could not prepare your session; try again");
      return;
    }
    switch (admission) {
      case Admission.Admitted a -> {
        if (a.grant().isPresent()) {
          grant = a.grant().get();
          if (!services.sessions().attachGrant(this, grant.grantId())) {
            outcome = Outcome.REJECTED;
            fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                "access grant " + grant.grantId() + " ended before the session could start");
            return;
          }
        }
        admitted = a;
        connectUpstream(a.upstream());
      }
      case Admission.Refused r -> {
        outcome = Outcome.REJECTED;
        ErrorFields.Builder refusal = ErrorFields.builder(ErrorFields.Severity.FATAL, r.sqlState(), r.message());
        if (!r.hint().isEmpty()) {
          refusal.hint(r.hint());
        }
        fatal(refusal.build());
      }
    }
  }

  /** The grant this session runs under, once admitted under one. */
  public Optional<Admission.SessionGrant> grant() {
    return Optional.ofNullable(grant);
  }

  private void connectUpstream(UpstreamConfig target) {
    phase = Phase.CONNECTING;
    client.config().setAutoRead(false);
    attemptUpstream(target, 1);
  }

  private void attemptUpstream(UpstreamConfig target, int attempt) {
    services.upstreams()
        .acquire(client.eventLoop(), target, version, forwardedParameters)
        .addListener(f -> {
          if (!f.isSuccess() && attempt < UPSTREAM_ATTEMPTS && phase == Phase.CONNECTING
              && f.cause() instanceof UpstreamException e && e.isTransient()) {
            log.info("session of {} to {}: retrying after {}", user, database, e.getMessage());
            attemptUpstream(target, attempt + 1);
          } else if (!f.isSuccess() && phase == Phase.CONNECTING && mayRepair(f.cause())) {
            repairAndRetry(f);
          } else {
            onUpstreamConnected(f);
          }
        });
  }

  /**
   * Whether a failed upstream login is worth one repair by the gate: a grant session whose upstream refused the
   * login (class 28, reported as a connection failure) — e.g. another proxy gave the grant's role a new password.
   */
  private boolean mayRepair(Throwable cause) {
    return !repairAsked && admitted != null && admitted.grant().isPresent()
        && cause instanceof UpstreamException e && !e.isTransient()
        && e.sqlState().equals(SqlState.CONNECTION_FAILURE);
  }

  private void repairAndRetry(Future<?> failed) {
    repairAsked = true;
    log.info("session of {} to {}: asking the gate to repair the upstream role after: {}", user, database,
        failed.cause().getMessage());
    services.gate().repair(admitted).whenComplete((target, error) -> client.eventLoop().execute(() -> {
      if (phase != Phase.CONNECTING) {
        return;
      }
      if (error == null && target != null && target.isPresent()) {
        attemptUpstream(target.get(), 1);
      } else {
        onUpstreamConnected(failed);
      }
    }));
  }

  @SuppressWarnings("unchecked")
  private void onUpstreamConnected(Future<?> f) {
    if (f.isSuccess()) {
      UpstreamConnection conn = ((Future<UpstreamConnection>) f).getNow();
      if (phase == Phase.CLOSED) {
        conn.channel().close();
        return;
      }
      startRelay(conn);
      return;
    }
    if (phase == Phase.CLOSED) {
      return;
    }
    outcome = Outcome.UPSTREAM_FAILED;
    if (f.cause() instanceof UpstreamException e) {
      log.warn("session of {} to {}: {}", user, database, e.getMessage());
      fatal(e.sqlState(), e.clientMessage());
    } else {
      log.warn("session of {} to {}: upstream failed", user, database, f.cause());
      fatal(SqlState.CONNECTION_FAILURE, "could not connect to the upstream database");
    }
  }

  // ---------------------------------------------------------------- session

  private void startRelay(UpstreamConnection conn) {
    upstream = conn;
    if (!startAudit(conn)) {
      return;
    }
    int keyLength = version.compareTo(ProtocolVersion.V3_2) >= 0 ? 32 : 4;
    cancelKey = services.cancels().register(this, keyLength);
    conn.parameters().forEach(client::write);
    conn.notices().forEach(client::write);
    client.write(new BackendKeyData(cancelKey.processId(), cancelKey.secret()));
    client.writeAndFlush(conn.ready());

    var codec = services.config().codec();
    if (services.upstreams().reuseEnabled()) {
      sync = new UpstreamSyncTracker(conn.parameters());
    }
    MessageStreamScanner frontendScanner;
    MessageStreamScanner backendScanner;
    if (audit == null && sync == null) {
      frontendScanner = new MessageStreamScanner(codec.maxFrontendMessageLength(), codec.maxInspectedBytes(),
          INSPECTED_FRONTEND_TYPES, (type, body, length) -> {});
      backendScanner = new MessageStreamScanner(Integer.MAX_VALUE, codec.maxInspectedBytes(), INSPECTED_BACKEND_TYPES,
          (type, body, length) -> onBackendReady());
    } else {
      int[] auditFrontend = audit == null ? noTypes()
          : MessageTap.frontendCaptureLimits(services.audit().settings().tracker(), codec.maxInspectedBytes(),
              codec.maxFrontendMessageLength());
      int[] auditBackend = audit == null ? noTypes() : MessageTap.backendCaptureLimits();
      int[] frontendLimits = auditFrontend.clone();
      int[] backendLimits = auditBackend.clone();
      backendLimits['Z'] = Math.max(backendLimits['Z'], 1);
      if (sync != null) {
        for (byte t : UpstreamSyncTracker.FRONTEND_TYPES) {
          frontendLimits[t & 0xFF] = Math.max(frontendLimits[t & 0xFF], 0);
        }
        for (byte t : UpstreamSyncTracker.BACKEND_TYPES) {
          backendLimits[t & 0xFF] = Math.max(backendLimits[t & 0xFF], codec.maxInspectedBytes());
        }
      }
      SessionAudit sessionAudit = audit;
      UpstreamSyncTracker tracker = sync;
      frontendScanner = new MessageStreamScanner(codec.maxFrontendMessageLength(), frontendLimits,
          (type, body, length) -> {
            if (type == 'X' && endReason == null) {
              endReason = EndReason.CLIENT_CLOSED; // the server closes after Terminate: still the client's doing
            }
            if (tracker != null) {
              tracker.frontend(type);
            }
            if (sessionAudit != null && auditFrontend[type & 0xFF] >= 0) {
              sessionAudit.frontend(type, body, length);
            }
          });
      backendScanner = new MessageStreamScanner(Integer.MAX_VALUE, backendLimits,
          (type, body, length) -> {
            if (tracker != null) {
              tracker.backend(type, body, length);
            }
            if (sessionAudit != null && auditBackend[type & 0xFF] >= 0) {
              sessionAudit.backend(type, body, length);
            }
            if (type == 'Z') {
              onBackendReady();
            }
          });
    }
    frontendRelay = new RelayHandler(conn.channel(), frontendScanner, new RelayEvents(true));
    backendRelay = new RelayHandler(client, backendScanner, new RelayEvents(false));
    backendRelay.peerPausedBy(frontendRelay);
    conn.channel().pipeline().addLast("relay", backendRelay);
    client.pipeline().addBefore("session", "relay", frontendRelay);
    client.pipeline().remove("frames");
    upstreamCloseListener = c -> upstreamClosed();
    conn.channel().closeFuture().addListener(upstreamCloseListener);

    phase = Phase.RELAYING;
    relayStarted = true;
    outcome = Outcome.COMPLETED;
    cancelTimer(loginTimeout);
    readyForQuery = true;
    lastReadyNanos = System.nanoTime();
    services.metrics().sessionStarted(Duration.ofNanos(System.nanoTime() - acceptedAt));
    scheduleIdleCheck();
    client.config().setAutoRead(true);
  }

  /** Tells the relay handlers' events apart by direction. */
  private final class RelayEvents implements RelayHandler.Events {
    private final boolean fromClient;

    RelayEvents(boolean fromClient) {
      this.fromClient = fromClient;
    }

    @Override
    public void bytesRelayed(int n) {
      if (fromClient) {
        readyForQuery = false;
        lastClientReadNanos = System.nanoTime();
        bytesIn += n;
        services.metrics().bytesFromClient(n);
      } else {
        bytesOut += n;
        services.metrics().bytesToClient(n);
      }
    }

    @Override
    public CompletableFuture<?> forwardBarrier() {
      if (!fromClient || audit == null) {
        return null;
      }
      AuditUnavailableException failure = audit.failure();
      return failure != null ? CompletableFuture.failedFuture(failure) : audit.takeBarrier();
    }

    @Override
    public void forwardRefused(Throwable cause) {
      auditRefused(cause);
    }

    @Override
    public int trailingBytesToWithhold(ByteBuf scanned) {
      if (fromClient && sync != null && sync.terminated() && !terminateWithheld && endsWithTerminate(scanned)
          && frontendRelay.atMessageBoundary()) {
        terminateWithheld = true;
        return TERMINATE_LENGTH;
      }
      return 0;
    }

    @Override
    public void protocolViolation(RuntimeException e) {
      if (fromClient) {
        terminateNow(e instanceof PgProtocolException p ? p.sqlState() : SqlState.PROTOCOL_VIOLATION, e.getMessage());
      } else {
        log.warn("upstream of {} broke the protocol: {}", user, e.getMessage());
        terminateNow(SqlState.CONNECTION_FAILURE, "the upstream database sent an invalid response");
      }
    }

    @Override
    public void transportFailed(Throwable cause) {
      if (fromClient) {
        exceptionCaught(client.pipeline().context(ClientSession.this), cause);
      } else {
        log.info("upstream connection of {} failed: {}", user, cause.toString());
        terminateNow(SqlState.CONNECTION_FAILURE, "lost the connection to the upstream database");
      }
    }
  }

  /** Capture limits that report no message type. */
  private static int[] noTypes() {
    return MessageStreamScanner.captureLimits(0);
  }

  /**
   * Gives the upstream connection back to the pool when the session ended cleanly (the client's Terminate
   * withheld, every request answered, no transaction open, both streams at a message boundary); otherwise
   * closes it, with the Terminate the client sent when it was withheld.
   */
  private void releaseUpstream() {
    Channel channel = upstream.channel();
    boolean clean = terminateWithheld && sync != null && sync.idle() && channel.isActive()
        && frontendRelay != null && frontendRelay.atMessageBoundary() && backendRelay.atMessageBoundary();
    if (clean) {
      channel.closeFuture().removeListener(upstreamCloseListener);
      if (channel.pipeline().get("relay") != null) {
        channel.pipeline().remove("relay");
      }
      services.upstreams().release(upstream, version, forwardedParameters, sync.reported());
    } else if (terminateWithheld && channel.isActive()) {
      channel.writeAndFlush(Terminate.INSTANCE).addListener(ChannelFutureListener.CLOSE);
    } else {
      closeAfterFlush(channel);
    }
  }

  /** Whether {@code buf} ends with a whole Terminate message ({@code X} and length 4). */
  private static boolean endsWithTerminate(ByteBuf buf) {
    int end = buf.writerIndex();
    return buf.readableBytes() >= TERMINATE_LENGTH && buf.getByte(end - 5) == 'X' && buf.getInt(end - 4) == 4;
  }

  private void onBackendReady() {
    readyForQuery = true;
    lastReadyNanos = System.nanoTime();
  }

  private void upstreamClosed() {
    if (phase == Phase.RELAYING) {
      if (endReason == null) {
        endReason = EndReason.SERVER_CLOSED;
      }
      closeAfterFlush(client);
    }
  }

  @Override
  public void cancelUpstreamQuery() {
    UpstreamConnection conn = upstream;
    if (conn != null) {
      services.canceller().cancel(conn.channel().eventLoop(), conn.config(), conn.keyData());
    }
  }

  // ---------------------------------------------------------------- audit

  /**
   * Opens the session's audit and records session.start; false (and the client refused) when the start cannot
   * be recorded. Without an audit pipeline there is nothing to do.
   */
  private boolean startAudit(UpstreamConnection conn) {
    AuditPipeline pipeline = services.audit();
    if (pipeline == null) {
      return true;
    }
    audit = pipeline.openSession(sessionContext(pipeline, conn.config()));
    InetSocketAddress remote = remoteAddress();
    SslHandler ssl = client.pipeline().get(SslHandler.class);
    String tlsVersion = ssl == null ? null : ssl.engine().getSession().getProtocol();
    String tlsCipher = ssl == null ? null : ssl.engine().getSession().getCipherSuite();
    audit.start(new SessionStart(remote.getAddress().getHostAddress(), remote.getPort(),
        forwardedParameters.get("application_name"), tlsVersion, tlsCipher,
        version.toString(), auth.mechanismUsed()));
    if (audit.failure() != null) {
      audit.refused();
      outcome = Outcome.REJECTED;
      fatal(auditError(audit.failure()));
      conn.channel().close();
      return false;
    }
    return true;
  }

  private SessionContext sessionContext(AuditPipeline pipeline, UpstreamConfig target) {
    String grantId = grant == null ? null : grant.grantId();
    String integration = grant == null ? null : grant.integration();
    return new SessionContext(pipeline.newSessionId(), pipeline.proxyName(), user, grantId, integration,
        target.database(), target.user());
  }

  private InetSocketAddress remoteAddress() {
    return client.remoteAddress() instanceof InetSocketAddress a ? a : new InetSocketAddress("0.0.0.0", 0);
  }

  /** The client's statement could not be audited: it is not forwarded and the session ends. */
  private void auditRefused(Throwable cause) {
    if (phase != Phase.RELAYING) {
      return;
    }
    audit.refused();
    endReason = EndReason.ERROR;
    fatal(auditError(cause)); // first: it marks the session closed, so the upstream close below is expected
    upstream.channel().close(); // no Terminate: a refused buffer may have cut a message in half
  }

  private static ErrorFields auditError(Throwable cause) {
    String detail = cause instanceof AuditUnavailableException a ? a.getMessage()
        : "the audit spool could not make the statement durable: " + cause.getMessage();
    return ErrorFields.builder(ErrorFields.Severity.FATAL, SqlState.INSUFFICIENT_RESOURCES,
            "jitgate cannot record this session's audit trail, so it refuses the statement")
        .detail(detail)
        .hint("Try again later; the audit backlog is reported in jitgate's metrics (jitgate_audit_spool_*).")
        .build();
  }

  /** Records session.end of a relayed session, or session.reject of a refused login; once. */
  private void recordAuditEnd() {
    AuditPipeline pipeline = services.audit();
    if (pipeline == null) {
      return;
    }
    if (audit != null) {
      audit.end(endReason == null ? EndReason.CLIENT_CLOSED : endReason, bytesIn, bytesOut);
      return;
    }
    if (relayStarted || user == null || refusal == null || outcome == Outcome.CANCEL_REQUEST) {
      return;
    }
    InetSocketAddress remote = remoteAddress();
    SessionContext context = new SessionContext(pipeline.newSessionId(), pipeline.proxyName(),
        authenticated ? user : null, grant == null ? null : grant.grantId(),
        grant == null ? null : grant.integration(), null, null);
    pipeline.reject(context, new SessionReject(remote.getAddress().getHostAddress(), remote.getPort(),
        refusal.sqlState() == null ? SqlState.INTERNAL_ERROR.code() : refusal.sqlState(), refusal.message(), user,
        database));
  }

  /** The audit session id, once the session relays with audit on. */
  public Optional<String> auditSessionId() {
    return Optional.ofNullable(audit).map(SessionAudit::sessionId);
  }

  // ---------------------------------------------------------------- timeouts and termination

  private void loginTimedOut() {
    if (phase == Phase.RELAYING || phase == Phase.CLOSED) {
      return;
    }
    outcome = Outcome.TIMEOUT;
    if (phase == Phase.STARTUP) {
      close();
    } else {
      fatal(SqlState.CONNECTION_FAILURE, "timeout expired during login");
    }
  }

  private void scheduleIdleCheck() {
    Duration idle = services.config().limits().idleTimeout();
    if (idle.isZero()) {
      return;
    }
    long period = Math.max(100, Math.min(idle.toMillis() / 4, 10_000));
    idleCheck = client.eventLoop().scheduleAtFixedRate(this::checkIdle, period, period, TimeUnit.MILLISECONDS);
  }

  private void checkIdle() {
    long idleNanos = services.config().limits().idleTimeout().toNanos();
    if (phase == Phase.RELAYING
        && readyForQuery
        && backendRelay.atMessageBoundary()
        && frontendRelay.atMessageBoundary()
        && System.nanoTime() - Math.max(lastReadyNanos, lastClientReadNanos) > idleNanos) {
      terminateNow(SqlState.IDLE_SESSION_TIMEOUT, "terminating connection due to idle-session timeout");
    }
  }

  /**
   * Ends the session with a FATAL error, from any thread: the client gets the error if its stream is at a
   * message boundary (otherwise the connection is just closed), the upstream a Terminate, and both
   * channels close.
   */
  public void terminate(SqlState sqlState, String message) {
    terminate(sqlState, message, EndReason.ERROR);
  }

  /** Like {@link #terminate(SqlState, String)}, recording {@code reason} as why the session ended. */
  public void terminate(SqlState sqlState, String message, EndReason reason) {
    Channel c = client;
    if (c != null) {
      c.eventLoop().execute(() -> {
        if (endReason == null) {
          endReason = reason;
        }
        terminateNow(sqlState, message);
      });
    }
  }

  private void terminateNow(SqlState sqlState, String message) {
    if (endReason == null) {
      endReason = sqlState.equals(SqlState.IDLE_SESSION_TIMEOUT) ? EndReason.IDLE_TIMEOUT : EndReason.ERROR;
    }
    switch (phase) {
      case CLOSED -> {}
      case RELAYING -> {
        if (frontendRelay.atMessageBoundary() && upstream.channel().isActive()) {
          upstream.channel().writeAndFlush(Terminate.INSTANCE);
        }
        if (backendRelay.atMessageBoundary()) {
          fatal(sqlState, message);
        } else {
          close();
        }
      }
      case STARTUP, AUTHENTICATING, CONNECTING -> fatal(sqlState, message);
    }
  }

  /** True once the session relays. */
  public boolean isRelaying() {
    return phase == Phase.RELAYING;
  }

  private void violation(String message) {
    fatal(SqlState.PROTOCOL_VIOLATION, message);
  }

  private void fatal(SqlState sqlState, String message) {
    fatal(ErrorFields.builder(ErrorFields.Severity.FATAL, sqlState, message).build());
  }

  private void fatal(ErrorFields fields) {
    if (phase == Phase.CLOSED || client == null) {
      return;
    }
    if (!client.isActive()) {
      close();
      return;
    }
    phase = Phase.CLOSED;
    refusal = fields;
    client.config().setAutoRead(false);
    client.writeAndFlush(new ErrorResponse(fields)).addListener(ChannelFutureListener.CLOSE);
  }

  private void close() {
    if (client != null) {
      client.close();
    }
  }

  private static void closeAfterFlush(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static void cancelTimer(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
