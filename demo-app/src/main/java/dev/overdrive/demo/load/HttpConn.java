package dev.overdrive.demo.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal blocking HTTP/1.1 client over one keep-alive connection (for {@code /stats} between
 * measured phases; the load itself goes through {@link LoadGenerator}'s non-blocking sockets).
 * Understands {@code Content-Length} and chunked bodies; reconnects when the server closed the
 * connection.
 */
public final class HttpConn implements Closeable {

  /** A response: status and body. */
  public record Response(int status, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final int port;
  private final int timeoutMillis;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private boolean mustClose;

  public HttpConn(String host, int port, int timeoutMillis) {
    this.host = host;
    this.port = port;
    this.timeoutMillis = timeoutMillis;
  }

  /** {@code http://host:port} into a connection to it. */
  public static HttpConn to(String baseUrl, int timeoutMillis) {
    java.net.URI u = java.net.URI.create(baseUrl);
    return new HttpConn(u.getHost(), u.getPort() < 0 ? 80 : u.getPort(), timeoutMillis);
  }

  public Response get(String path) throws IOException {
    return send("GET", path, null);
  }

  public Response post(String path, byte[] json) throws IOException {
    return send("POST", path, json);
  }

  public Response send(String method, String path, byte[] body) throws IOException {
    boolean reused = socket != null;
    try {
      return exchange(method, path, body);
    } catch (IOException e) {
      close();
      if (!reused) {
        throw e;
      }
      return exchange(method, path, body); // the server had closed the idle connection
    }
  }

  private Response exchange(String method, String path, byte[] body) throws IOException {
    if (socket == null) {
      connect();
    }
    StringBuilder head = new StringBuilder(128).append(method).append(' ').append(path)
        .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
    if (body != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length)
          .append("\r\n");
    }
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (body == null) {
      out.write(h);
    } else {
      byte[] all = new byte[h.length + body.length];
      System.arraycopy(h, 0, all, 0, h.length);
      System.arraycopy(body, 0, all, h.length, body.length);
      out.write(all);
    }
    out.flush();
    Response r = read(method);
    if (mustClose) {
      close();
    }
    return r;
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setSoTimeout(timeoutMillis);
    s.connect(new InetSocketAddress(host, port), timeoutMillis);
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 1 << 16);
    out = s.getOutputStream();
    mustClose = false;
  }

  private Response read(String method) throws IOException {
    String status = line();
    if (status == null) {
      throw new EOFException("connection closed before a response");
    }
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP response: " + status);
    }
    int code = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    mustClose = parts[0].equals("HTTP/1.0");
    String line;
    while ((line = line()) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> mustClose = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    byte[] body;
    if (method.equals("HEAD") || code == 204 || code == 304 || (code >= 100 && code < 200)) {
      body = new byte[0];
    } else if (chunked) {
      body = chunked();
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
      if (body.length < length) {
        throw new EOFException("body cut short");
      }
    } else {
      body = in.readAllBytes();
      mustClose = true;
    }
    return new Response(code, body);
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      if (size == null) {
        throw new EOFException("chunked body cut short");
      }
      int semi = size.indexOf(';');
      int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
      if (n == 0) {
        String trailer;
        while ((trailer = line()) != null && !trailer.isEmpty()) {
          // ignore trailers
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(n);
      if (chunk.length < n) {
        throw new EOFException("chunk cut short");
      }
      body.write(chunk);
      line();
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      sb.append((char) c);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  @Override
  public void close() {
    Socket s = socket;
    socket = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
