package io.enrollmentsync;

import java.util.Locale;
import java.util.Optional;

/**
 * What happened to an enrollment, as named by the topic of a webhook ({@code enrollment.<action>}).
 *
 * @since 0.1.0
 */
public enum EnrollmentAction {
  /** {@code enrollment.created}: a new enrollment. */
  CREATED,
  /** {@code enrollment.trial}: a new free-trial enrollment. */
  TRIAL,
  /** {@code enrollment.progress}: the completion percentage changed, up or down. */
  PROGRESS,
  /** {@code enrollment.completed}: the student reached 100%. */
  COMPLETED,
  /** No webhook: the poller read the enrollment's current state from the Admin API. */
  SYNCED;

  /**
   * Returns the action for a webhook's {@code action} field, if it is one that carries an
   * enrollment snapshot.
   *
   * @param action the value of the envelope's {@code action} field
   * @return the action, or empty for actions this library does not apply
   */
  public static Optional<EnrollmentAction> fromWebhookAction(String action) {
    switch (action.toLowerCase(Locale.ROOT)) {
      case "created":
        return Optional.of(CREATED);
      case "trial":
        return Optional.of(TRIAL);
      case "progress":
        return Optional.of(PROGRESS);
      case "completed":
        return Optional.of(COMPLETED);
      default:
        return Optional.empty();
    }
  }
}
