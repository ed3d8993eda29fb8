package io.hbasetunnel.gateway;

/**
 * The one error type of the gateway: an HTTP status and a message that says what is wrong and
 * how to fix it, answered as {@code {"success":"false","message":...}}.
 */
public class LtsException extends RuntimeException {
  private final int status;

  public LtsException(int status, String message) {
    super(message);
    this.status = status;
  }

  public static LtsException badRequest(String message) {
    return new LtsException(400, message);
  }

  public static LtsException notFound(String message) {
    return new LtsException(404, message);
  }

  public int status() {
    return status;
  }
}
