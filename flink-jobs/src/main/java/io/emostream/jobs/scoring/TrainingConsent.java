package io.emostream.jobs.scoring;

import io.emostream.schemas.event.ConsentScope;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * Whether a stream's consent covers keeping its faces for annotation and training: the scope must
 * be ANALYTICS_AND_TRAINING (ANALYTICS is scored, never kept) and the declared purpose non-blank
 * and, when a list is configured, one of the allowed purposes.
 */
public final class TrainingConsent implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Set<String> purposes;

  /**
   * @param purposes allowed purposes; empty for any declared purpose
   */
  public TrainingConsent(List<String> purposes) {
    this.purposes = Set.copyOf(purposes);
  }

  public boolean covers(ConsentScope scope, String purpose) {
    return scope == ConsentScope.ANALYTICS_AND_TRAINING
        && purpose != null
        && !purpose.isBlank()
        && (purposes.isEmpty() || purposes.contains(purpose));
  }
}
