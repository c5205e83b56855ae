package dev.jitgate.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deliberately dumb PostgreSQL client over a plain socket, for sending what real drivers never send:
 * bad lengths, messages out of order, pipelined bytes. Reads whole backend messages and can pull the
 * fields out of an ErrorResponse.
 */
public final class RawPgClient implements AutoCloseable {

  /** A backend message as read from the wire. */
  public record Message(char type, byte[] body) {
    /** Fields of an ErrorResponse/NoticeResponse by code. */
    public Map<Character, String> fields() {
      Map<Character, String> out = new LinkedHashMap<>();
      int i = 0;
      while (i < body.length && body[i] != 0) {
        char code = (char) body[i++];
        int end = i;
        while (body[end] != 0) {
          end++;
        }
        out.put(code, new String(body, i, end - i, StandardCharsets.UTF_8));
        i = end + 1;
      }
      return out;
    }

    public String sqlState() {
      return fields().get('C');
    }

    public String severity() {
      return fields().get('V');
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  public RawPgClient(String host, int port) throws IOException {
    socket = new Socket(host, port);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(socket.getInputStream());
    out = new DataOutputStream(socket.getOutputStream());
  }

  public RawPgClient send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** A StartupMessage for protocol 3.{@code minor} with the given parameters. */
  public static byte[] startup(int minor, Map<String, String> params) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> e : params.entrySet()) {
      body.writeBytes(cstring(e.getKey()));
      body.writeBytes(cstring(e.getValue()));
    }
    body.write(0);
    byte[] b = body.toByteArray();
    ByteArrayOutputStream msg = new ByteArrayOutputStream();
    writeInt(msg, 8 + b.length);
    writeInt(msg, (3 << 16) | minor);
    msg.writeBytes(b);
    return msg.toByteArray();
  }

  /** A typed message: type byte, length word, body. */
  public static byte[] typed(char type, byte[] body) {
    ByteArrayOutputStream msg = new ByteArrayOutputStream();
    msg.write(type);
    writeInt(msg, 4 + body.length);
    msg.writeBytes(body);
    return msg.toByteArray();
  }

  /** Raw 8-byte packet: length then code (SSLRequest, GSSENCRequest). */
  public static byte[] packet(int... words) {
    ByteArrayOutputStream msg = new ByteArrayOutputStream();
    for (int w : words) {
      writeInt(msg, w);
    }
    return msg.toByteArray();
  }

  public static byte[] cstring(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[b.length + 1];
    System.arraycopy(b, 0, out, 0, b.length);
    return out;
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  /**
   * Logs in over plaintext with SCRAM-SHA-256 (protocol 3.0) and reads up to the first ReadyForQuery.
   * Returns the messages the proxy sent after AuthenticationOk.
   */
  public java.util.List<Message> login(String user, String database, String password) throws Exception {
    return login(0, user, database, password);
  }

  /** {@link #login(String, String, String)} asking for protocol 3.{@code minor}. */
  public java.util.List<Message> login(int minor, String user, String database, String password) throws Exception {
    send(startup(minor, Map.of("user", user, "database", database)));
    Message sasl = read();
    if (sasl.type() != 'R') {
      throw new IOException("expected AuthenticationSASL, got " + sasl.type());
    }
    dev.jitgate.pg.scram.ScramClient scram =
        new dev.jitgate.pg.scram.ScramClient(password, new java.security.SecureRandom(), "SCRAM-SHA-256", null);
    byte[] first = scram.clientFirstMessage();
    ByteArrayOutputStream initial = new ByteArrayOutputStream();
    initial.writeBytes(cstring("SCRAM-SHA-256"));
    writeInt(initial, first.length);
    initial.writeBytes(first);
    send(typed('p', initial.toByteArray()));
    Message cont = read();
    byte[] serverFirst = java.util.Arrays.copyOfRange(cont.body(), 4, cont.body().length);
    send(typed('p', scram.handleServerFirst(serverFirst)));
    Message fin = read();
    if (fin.type() == 'E') {
      throw new IOException("login failed: " + fin.fields());
    }
    scram.verifyServerFinal(java.util.Arrays.copyOfRange(fin.body(), 4, fin.body().length));
    java.util.List<Message> after = new java.util.ArrayList<>();
    while (true) {
      Message m = read();
      after.add(m);
      if (m.type() == 'E') {
        throw new IOException("session failed: " + m.fields());
      }
      if (m.type() == 'Z') {
        return after;
      }
    }
  }

  /** Reads one byte (the SSLRequest answer). */
  public int readByte() throws IOException {
    return in.read();
  }

  /** Reads one typed message. */
  public Message read() throws IOException {
    int type = in.readUnsignedByte();
    int length = in.readInt();
    if (length < 4 || length > 1 << 20) {
      throw new IOException("bad length from proxy: " + length);
    }
    byte[] body = new byte[length - 4];
    in.readFully(body);
    return new Message((char) type, body);
  }

  /** Reads messages until an ErrorResponse (returned) or end of stream (null). */
  public Message readUntilError() throws IOException {
    while (true) {
      Message m;
      try {
        m = read();
      } catch (EOFException e) {
        return null;
      }
      if (m.type() == 'E') {
        return m;
      }
    }
  }

  /** True when the server closed the connection: a read returns end of stream within the timeout. */
  public boolean closedByServer() throws IOException {
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // connection reset counts as closed
    }
  }

  /** True when nothing arrives within {@code millis} and the socket is still open. */
  public boolean silentFor(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      in.read();
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout(10_000);
    }
  }

  public Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
