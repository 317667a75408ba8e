package io.enrollmentsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.spi.PollLease;
import io.enrollmentsync.spi.PollLease.Held;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PollLease} must meet, as JUnit 5 tests. Extend it in a test of your
 * own and return your implementation from {@link #createPollLease()}.
 *
 * <p>{@link #createPollLease()} is called several times in one test, once per application
 * instance it stands for; every lease it returns must share one store. Each test uses lease names
 * of its own, so the store may be shared and hold other leases. One test waits for a lease of
 * 150 ms to expire.
 *
 * @since 0.1.0
 */
public abstract class PollLeaseContract {
  private static final Duration SHORT = Duration.ofMillis(150);
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final Duration TAKE_OVER_TIMEOUT = Duration.ofSeconds(5);

  private String name;

  /**
   * Creates the contract; subclasses give it leases through {@link #createPollLease}.
   *
   * @since 0.1.0
   */
  protected PollLeaseContract() {}

  /**
   * Returns the lease of one application instance; every lease returned during one test must
   * share the same store.
   *
   * @return the lease
   * @since 0.1.0
   */
  protected abstract PollLease createPollLease();

  /**
   * Picks this test's lease name.
   *
   * @since 0.1.0
   */
  @BeforeEach
  protected final void setUpLeaseName() {
    name = "contract-" + UUID.randomUUID();
  }

  @Test
  void secondInstanceCannotTakeALeaseWhileTheFirstHoldsIt() {
    Optional<Held> first = createPollLease().tryAcquire(name, LONG);

    Optional<Held> second = createPollLease().tryAcquire(name, LONG);

    assertThat(first).isPresent();
    assertThat(second).isEmpty();
    first.get().close();
  }

  @Test
  void releasedLeaseCanBeTakenByAnotherInstance() {
    Held first = createPollLease().tryAcquire(name, LONG).orElseThrow();

    first.close();
    Optional<Held> second = createPollLease().tryAcquire(name, LONG);

    assertThat(second).isPresent();
    second.get().close();
  }

  @Test
  void renewWhileHeldReturnsTrueAndKeepsOthersOut() {
    Held first = createPollLease().tryAcquire(name, LONG).orElseThrow();

    boolean renewed = first.renew(LONG);

    assertThat(renewed).isTrue();
    assertThat(createPollLease().tryAcquire(name, LONG)).isEmpty();
    first.close();
  }

  @Test
  void expiredLeaseIsTakenByAnotherInstanceAndTheFormerOwnerCanNeitherRenewNorReleaseIt()
      throws InterruptedException {
    Held former = createPollLease().tryAcquire(name, SHORT).orElseThrow();
    Held current = takeOverAfterExpiry();

    boolean renewed = former.renew(LONG);
    former.close();

    assertThat(renewed).isFalse();
    assertThat(createPollLease().tryAcquire(name, LONG)).isEmpty();
    current.close();
  }

  @Test
  void leasesOfDifferentNamesAreIndependent() {
    Held first = createPollLease().tryAcquire(name + "-a", LONG).orElseThrow();

    Optional<Held> other = createPollLease().tryAcquire(name + "-b", LONG);

    assertThat(other).isPresent();
    first.close();
    other.get().close();
  }

  /** Polls until another instance takes the lease after it expired. */
  private Held takeOverAfterExpiry() throws InterruptedException {
    PollLease other = createPollLease();
    long deadline = System.nanoTime() + TAKE_OVER_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Held> taken = other.tryAcquire(name, LONG);
      if (taken.isPresent()) {
        return taken.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the lease did not expire within " + TAKE_OVER_TIMEOUT
        + " after its time to live of " + SHORT);
  }
}
