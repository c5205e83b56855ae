package dev.jitgate.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on 127.0.0.1 that resets the first {@code resets} connections it accepts (RST, as a
 * crashing or overloaded server would) and pipes later ones to a real server.
 */
public final class FlakyForwarder implements AutoCloseable {

  private final ServerSocket server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger accepted = new AtomicInteger();
  private final int resets;
  private final boolean abortive;
  private final int targetPort;

  /** Resets (RST) the first {@code resets} connections, then forwards the rest to {@code targetPort}. */
  public FlakyForwarder(int targetPort, int resets) throws IOException {
    this(targetPort, resets, true);
  }

  /**
   * Ends the first {@code resets} connections at once, with a reset when {@code abortive}, else with an orderly
   * close (FIN, as a server that closes without a word), then forwards the rest to {@code targetPort}.
   */
  public FlakyForwarder(int targetPort, int resets, boolean abortive) throws IOException {
    this.targetPort = targetPort;
    this.resets = resets;
    this.abortive = abortive;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.submit(this::acceptLoop);
  }

  public int port() {
    return server.getLocalPort();
  }

  public int accepted() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        if (accepted.incrementAndGet() <= resets) {
          if (abortive) {
            s.setSoLinger(true, 0);
          }
          s.close();
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        executor.submit(() -> pipe(s, upstream));
        executor.submit(() -> pipe(upstream, s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // one side closed
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    server.close();
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
