package io.enrollmentsync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.spi.PollLease.Held;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PollLease} must do; a test class per implementation extends it and supplies
 * two leases over the same store, standing for two instances of an application.
 */
public abstract class PollLeaseContract {
  private static final Duration SHORT = Duration.ofMillis(150);
  private static final Duration LONG = Duration.ofSeconds(30);

  /**
   * Returns the lease of one instance; every call of one test shares the same store.
   *
   * @return the lease
   */
  protected abstract PollLease instance();

  /** Waits until the other instance takes the lease after it expired, and returns it. */
  private static Held takeOverAfterExpiry(PollLease other) {
    AtomicReference<Held> taken = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
      other.tryAcquire("poller", LONG).ifPresent(taken::set);
      return taken.get() != null;
    });
    return taken.get();
  }

  @Test
  void secondInstanceCannotTakeALeaseWhileTheFirstHoldsIt() {
    Optional<Held> first = instance().tryAcquire("poller", LONG);

    Optional<Held> second = instance().tryAcquire("poller", LONG);

    assertThat(first).isPresent();
    assertThat(second).isEmpty();
    first.get().close();
  }

  @Test
  void releasedLeaseCanBeTakenByAnotherInstance() {
    Held first = instance().tryAcquire("poller", LONG).orElseThrow();

    first.close();
    Optional<Held> second = instance().tryAcquire("poller", LONG);

    assertThat(second).isPresent();
    second.get().close();
  }

  @Test
  void renewWhileHeldReturnsTrueAndKeepsOthersOut() {
    Held first = instance().tryAcquire("poller", LONG).orElseThrow();

    boolean renewed = first.renew(LONG);

    assertThat(renewed).isTrue();
    assertThat(instance().tryAcquire("poller", LONG)).isEmpty();
    first.close();
  }

  @Test
  void expiredLeaseIsTakenByAnotherInstanceAndTheFormerOwnerCanNeitherRenewNorReleaseIt() {
    Held former = instance().tryAcquire("poller", SHORT).orElseThrow();
    Held current = takeOverAfterExpiry(instance());

    boolean renewed = former.renew(LONG);
    former.close();

    assertThat(renewed).isFalse();
    assertThat(instance().tryAcquire("poller", LONG)).isEmpty();
    current.close();
  }

  @Test
  void leasesOfDifferentNamesAreIndependent() {
    Held first = instance().tryAcquire("site-a", LONG).orElseThrow();

    Optional<Held> other = instance().tryAcquire("site-b", LONG);

    assertThat(other).isPresent();
    first.close();
    other.get().close();
  }
}
