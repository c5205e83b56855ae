package dev.jitgate.auditor.http;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Reads a request body as UTF-8 text, decompressing gzip on the fly. Both the bytes as sent and the
 * decompressed bytes are counted while streaming, so a decompression bomb is refused (413) after at most
 * the limit has been buffered. Malformed gzip or UTF-8 is a 400; a failure to receive the body is a 408
 * (the sender retries).
 */
final class BodyReader {

  /** How the body is encoded on the wire. */
  enum Encoding { IDENTITY, GZIP }

  private final long maxBodyBytes;
  private final long maxDecompressedBytes;

  BodyReader(long maxBodyBytes, long maxDecompressedBytes) {
    this.maxBodyBytes = maxBodyBytes;
    this.maxDecompressedBytes = maxDecompressedBytes;
  }

  /** Refuses a declared {@code Content-Length} above the limit before anything is read. */
  void checkDeclaredLength(long contentLength) {
    if (contentLength > maxBodyBytes) {
      throw tooLarge("the request body exceeds " + maxBodyBytes + " bytes");
    }
  }

  String read(InputStream raw, Encoding encoding) {
    InputStream wire = new Limited(new Received(raw), maxBodyBytes, "the request body exceeds " + maxBodyBytes
        + " bytes");
    byte[] bytes;
    try (InputStream decoded = switch (encoding) {
          case IDENTITY -> wire;
          case GZIP -> new GZIPInputStream(wire, 8192);
        };
        InputStream limited = new Limited(decoded, maxDecompressedBytes,
            "the decompressed request body exceeds " + maxDecompressedBytes + " bytes")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
      limited.transferTo(out);
      bytes = out.toByteArray();
    } catch (LimitExceeded e) {
      throw tooLarge(e.getMessage());
    } catch (NotReceived e) {
      throw new ProblemException(Problem.of(408, "body-not-received", "Request body not received",
          "the request body could not be read completely; retry"));
    } catch (IOException e) {
      throw invalid("the request body is not valid gzip");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid("the request body is not valid UTF-8");
    }
  }

  private static ProblemException tooLarge(String detail) {
    return new ProblemException(Problem.of(413, "payload-too-large", "Payload too large", detail));
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(Problem.of(400, "invalid-body", "Invalid request body", detail));
  }

  /** A limit was exceeded while streaming. */
  private static final class LimitExceeded extends IOException {
    LimitExceeded(String message) {
      super(message, null);
    }
  }

  /** Reading the body from the connection failed (not a format problem). */
  private static final class NotReceived extends IOException {
    NotReceived(IOException cause) {
      super("request body not received", cause);
    }
  }

  /** Marks failures of the underlying connection stream as {@link NotReceived}. */
  private static final class Received extends FilterInputStream {
    Received(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new NotReceived(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new NotReceived(e);
      }
    }
  }

  /** Counts the bytes read and fails as soon as more than {@code limit} have passed. */
  private static final class Limited extends FilterInputStream {
    private final long limit;
    private final String message;
    private long count;

    Limited(InputStream in, long limit, String message) {
      super(in);
      this.limit = limit;
      this.message = message;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count(skipped);
      return skipped;
    }

    private void count(long n) throws LimitExceeded {
      count += n;
      if (count > limit) {
        throw new LimitExceeded(message);
      }
    }
  }
}
