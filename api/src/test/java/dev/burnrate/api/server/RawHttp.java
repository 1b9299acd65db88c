package dev.burnrate.api.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** HTTP/1.1 written byte for byte on a socket, for requests no client library would send. */
public final class RawHttp {
  private RawHttp() {}

  /** A response as read off the wire: the status and the rest as text. */
  public record Response(int status, String text) {
    /** The value of a header, case-insensitively, or null. */
    public String header(String name) {
      for (String line : text.split("\r\n")) {
        if (line.isEmpty()) {
          break;
        }
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    /** What follows the headers. */
    public String body() {
      int at = text.indexOf("\r\n\r\n");
      return at < 0 ? "" : text.substring(at + 4);
    }
  }

  /** Opens a socket to the server on loopback. */
  public static Socket open(int port) {
    try {
      Socket s = new Socket("127.0.0.1", port);
      s.setSoTimeout(15_000);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends the bytes, then reads until the server closes the connection. */
  public static Response exchange(int port, byte[] request) {
    try (Socket s = open(port)) {
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      return read(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends the text as ISO-8859-1 bytes and reads the answer. */
  public static Response exchange(int port, String request) {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Reads everything until the server closes (status 0 when it sent nothing). */
  public static Response read(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) != -1) {
      all.write(buf, 0, n);
    }
    String text = all.toString(StandardCharsets.ISO_8859_1);
    int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
    return new Response(status, text);
  }

  /**
   * Whether the server closes the idle socket within {@code within}: a read that blocks until the
   * close (end of stream) or a reset, with the deadline as the socket's read timeout.
   */
  public static boolean closedByServer(Socket s, Duration within) {
    try {
      s.setSoTimeout((int) within.toMillis());
      InputStream in = s.getInputStream();
      while (in.read() != -1) {
        // drain whatever the server answered before closing
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }
}
