package dev.jitgate.pg.frontend;

/**
 * A message sent by a PostgreSQL client (frontend). One record per message of the protocol
 * documentation, named as there; {@link UnknownFrontendMessage} carries any type jitgate does not know.
 */
public sealed interface FrontendMessage
    permits StartupPacket, Bind, Close, CopyData, CopyDone, CopyFail, Describe, Execute, Flush,
        FunctionCall, GssResponse, Parse, PasswordMessage, Query, SaslInitialResponse, SaslResponse,
        Sync, Terminate, UnknownFrontendMessage {}
