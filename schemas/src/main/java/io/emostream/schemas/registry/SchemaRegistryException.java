package io.emostream.schemas.registry;

/**
 * The schema registry refused a call or could not be reached. Not a fault of any one record: a job
 * that meets it fails and retries from its last checkpoint rather than dead-lettering data.
 */
public final class SchemaRegistryException extends RuntimeException {
  private final int status;
  private final int errorCode;

  public SchemaRegistryException(int status, int errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  /** HTTP status, or 0 when no answer came. */
  public int status() {
    return status;
  }

  /** The registry's {@code error_code} (e.g. 409 for an incompatible schema), or -1. */
  public int errorCode() {
    return errorCode;
  }
}
