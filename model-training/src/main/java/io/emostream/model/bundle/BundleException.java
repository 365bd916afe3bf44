package io.emostream.model.bundle;

/** A model bundle that cannot be used, naming the bundle, the file and what is wrong. */
public final class BundleException extends Exception {
  public BundleException(String message) {
    super(message);
  }

  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
