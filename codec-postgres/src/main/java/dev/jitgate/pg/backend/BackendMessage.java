package dev.jitgate.pg.backend;

/**
 * A message sent by a PostgreSQL server (backend). One record per message of the protocol
 * documentation, named as there; {@link UnknownBackendMessage} carries any type jitgate does not know.
 */
public sealed interface BackendMessage
    permits Authentication, BackendKeyData, BindComplete, CloseComplete, CommandComplete, CopyData,
        CopyDone, CopyInResponse, CopyOutResponse, CopyBothResponse, DataRow, EmptyQueryResponse,
        ErrorResponse, FunctionCallResponse, NegotiateProtocolVersion, NoData, NoticeResponse,
        NotificationResponse, ParameterDescription, ParameterStatus, ParseComplete, PortalSuspended,
        ReadyForQuery, RowDescription, UnknownBackendMessage {}
