package dev.jitgate.app.demo;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;

/** Port checks for the demo's flags: is a port free, pick a free one, was a failure a busy port. */
final class Ports {

  private Ports() {}

  /** True when a server could bind {@code host:port} now (with SO_REUSEADDR, as the real servers do). */
  static boolean available(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port that is free on {@code host} right now (for flags given as 0). */
  static int pickFree(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(host, 0));
      return socket.getLocalPort();
    }
  }

  /** True when {@code failure} (or a cause) says that an address was already in use. */
  static boolean isAddressInUse(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && message.toLowerCase(Locale.ROOT).contains("address already in use")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
