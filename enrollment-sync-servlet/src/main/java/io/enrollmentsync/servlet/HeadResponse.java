package io.enrollmentsync.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The response of a {@code HEAD} request answered as a {@code GET}: status and headers, including
 * the {@code Content-Length} the body would have, go through; the body is dropped.
 */
final class HeadResponse extends HttpServletResponseWrapper {
  private final ServletOutputStream discard = new ServletOutputStream() {
    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      throw new UnsupportedOperationException("HEAD answers are written synchronously");
    }
  };

  HeadResponse(HttpServletResponse resp) {
    super(resp);
  }

  @Override
  public ServletOutputStream getOutputStream() {
    return discard;
  }

  @Override
  public PrintWriter getWriter() {
    return new PrintWriter(Writer.nullWriter());
  }
}
