package dev.jitgate.pg.backend;

import dev.jitgate.pg.PgProtocolException;
import java.util.Objects;

/** ReadyForQuery: {@code 'Z', Int32 5, Byte1 status} with status {@code I}, {@code T} or {@code E}. */
public record ReadyForQuery(TransactionStatus status) implements BackendMessage {

  /** The transaction status the server reports. */
  public enum TransactionStatus {
    IDLE('I'),
    IN_TRANSACTION('T'),
    FAILED('E');

    private final byte code;

    TransactionStatus(char code) {
      this.code = (byte) code;
    }

    public byte code() {
      return code;
    }

    /** Maps the wire byte; anything else is a protocol error. */
    public static TransactionStatus fromCode(byte code) {
      return switch (code) {
        case 'I' -> IDLE;
        case 'T' -> IN_TRANSACTION;
        case 'E' -> FAILED;
        default -> throw new PgProtocolException("invalid transaction status " + (code & 0xFF));
      };
    }
  }

  public static final ReadyForQuery IDLE = new ReadyForQuery(TransactionStatus.IDLE);

  public ReadyForQuery {
    Objects.requireNonNull(status, "status");
  }
}
