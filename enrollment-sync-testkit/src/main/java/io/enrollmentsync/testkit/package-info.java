/**
 * Contract tests for implementations of the SPIs: extend {@link
 * io.enrollmentsync.testkit.EnrollmentRepositoryContract}, {@link
 * io.enrollmentsync.testkit.CursorStoreContract} or {@link
 * io.enrollmentsync.testkit.PollLeaseContract} in a test of your own, give it your
 * implementation, and run it with JUnit 5. Add this artifact with test scope.
 *
 * @since 0.1.0
 */
package io.enrollmentsync.testkit;
