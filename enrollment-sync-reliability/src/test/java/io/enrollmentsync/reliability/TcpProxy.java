package io.enrollmentsync.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of a server. {@link #cut()} drops every open connection
 * and stops listening, so new connections are refused as if the server were down; {@link
 * #restore()} listens on the same port again.
 */
final class TcpProxy implements AutoCloseable {
  private final int port;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listener;

  TcpProxy(String targetHost, int targetPort) throws IOException {
    this.port = ChildProcess.freePort();
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    restore();
  }

  int port() {
    return port;
  }

  /** Refuses new connections and resets the open ones. */
  synchronized void cut() throws IOException {
    ServerSocket l = listener;
    listener = null;
    if (l != null) {
      l.close();
    }
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  /** Listens again on the same port. */
  synchronized void restore() throws IOException {
    if (listener != null) {
      return;
    }
    ServerSocket l = new ServerSocket();
    l.setReuseAddress(true);
    l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    listener = l;
    Thread t = new Thread(() -> accept(l), "tcp-proxy-accept-" + port);
    t.setDaemon(true);
    t.start();
  }

  private void accept(ServerSocket l) {
    while (!l.isClosed()) {
      Socket client;
      try {
        client = l.accept();
      } catch (IOException e) {
        return;
      }
      try {
        Socket server = new Socket(targetHost, targetPort);
        if (listener != l) {
          closeQuietly(client);
          closeQuietly(server);
          continue;
        }
        open.add(client);
        open.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) != -1) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // a side closed: close both
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
