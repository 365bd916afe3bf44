package io.emostream.jobs.frames;

import io.emostream.schemas.event.DeadLetterReason;

/** A frame that cannot be used, with the dead-letter reason that says why. */
public final class FrameRejectedException extends Exception {
  private final DeadLetterReason reason;

  public FrameRejectedException(DeadLetterReason reason, String message) {
    this(reason, message, null);
  }

  public FrameRejectedException(DeadLetterReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
