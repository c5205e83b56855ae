package dev.jitgate.pg.backend;

import dev.jitgate.pg.Bytes;

/** FunctionCallResponse: {@code 'V', Int32 len, Int32 n | -1, Byte[n] value}; {@code null} is SQL NULL. */
public record FunctionCallResponse(Bytes value) implements BackendMessage {}
