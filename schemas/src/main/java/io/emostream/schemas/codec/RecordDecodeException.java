package io.emostream.schemas.codec;

import io.emostream.schemas.event.DeadLetterReason;

/**
 * A Kafka record value that is not a decodable EmoStream record; says why in a machine-readable
 * way.
 */
public final class RecordDecodeException extends Exception {
  private final DeadLetterReason reason;

  public RecordDecodeException(DeadLetterReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
