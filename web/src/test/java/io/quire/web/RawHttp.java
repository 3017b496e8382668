package io.quire.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a socket, for requests a client library will not make: a {@code
 * Content-Length} whose body never comes, a chunked body left open. A server that waits for the
 * body instead of answering makes {@link #reply} fail with a read timeout.
 */
final class RawHttp implements AutoCloseable {
  /** How long a reply may take; only a server that waits for a body that never comes reaches it. */
  private static final int READ_TIMEOUT_MS = 20_000;

  private final Socket socket;
  private final int port;
  private final OutputStream out;
  private final InputStream in;

  record Reply(int status, Map<String, String> headers, String body) {}

  RawHttp(int port) throws IOException {
    this.port = port;
    socket = new Socket("localhost", port);
    socket.setSoTimeout(READ_TIMEOUT_MS);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  /** Sends the request line and headers; the body, if any, follows with {@link #write}. */
  RawHttp head(String method, String path, Map<String, String> headers) throws IOException {
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    head.append("Host: localhost:").append(port).append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  RawHttp write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** One chunk of a chunked body (never the last, empty one: see {@link #endChunks}). */
  RawHttp chunk(byte[] bytes) throws IOException {
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  RawHttp endChunks() throws IOException {
    return write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Reads the response: status line, headers and a body by length, by chunks or to the end. */
  Reply reply() throws IOException {
    String status = line();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).strip());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line().split(";")[0].strip(), 16);
          size > 0;
          size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
        body.write(in.readNBytes(size));
        line();
      }
    } else {
      body.write(in.readAllBytes());
    }
    return new Reply(
        Integer.parseInt(status.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed mid-line: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
