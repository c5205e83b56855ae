package dev.jitgate.proxy.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile "PostgreSQL server" on 127.0.0.1 for cases a real server cannot produce: it reads the
 * startup packet (answering an SSLRequest with {@code N}) and then writes a scripted byte sequence.
 */
public final class FakeUpstream implements AutoCloseable {

  private final ServerSocket server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile byte[] script = new byte[0];

  public FakeUpstream() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.submit(this::acceptLoop);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** What the next connections are answered with after their StartupMessage. */
  public void answerWith(byte[] bytes) {
    script = bytes.clone();
  }

  public int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        connections.incrementAndGet();
        executor.submit(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(10_000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        int len = in.readInt();
        byte[] rest = new byte[len - 4];
        in.readFully(rest);
        int code = ((rest[0] & 0xFF) << 24) | ((rest[1] & 0xFF) << 16) | ((rest[2] & 0xFF) << 8) | (rest[3] & 0xFF);
        if (code == 80877103) {
          out.write('N');
          out.flush();
          continue;
        }
        break;
      }
      out.write(script);
      out.flush();
      // Wait for the proxy to give up and close.
      while (in.read() >= 0) {
        // drain
      }
    } catch (IOException e) {
      // the proxy closed the connection: expected
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    server.close();
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
