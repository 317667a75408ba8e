package io.enrollmentsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrollmentsync.EnrollmentAction;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EnrollmentSnapshot;
import io.enrollmentsync.EventSource;
import io.enrollmentsync.SyncException;
import io.enrollmentsync.spi.ApplyOutcome;
import io.enrollmentsync.spi.ApplyRule;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.spi.StoredEnrollment;
import io.enrollmentsync.testkit.EnrollmentRepositoryContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The repository contract plus what is particular to the JDBC repository: statements split at
 * 500 rows, the bookkeeping columns, atomic batches and failures that name ids only. Each
 * database's test class gives it a {@link TestDatabase}.
 */
abstract class JdbcRepositoryContract extends EnrollmentRepositoryContract {
  private static final Instant T0 = Instant.parse("2025-03-18T07:00:00Z");

  abstract TestDatabase database();

  @Override
  protected EnrollmentRepository createRepository() {
    return database().repository();
  }

  @Test
  void theBuilderDetectsTheDialectFromTheDatabase() {
    JdbcEnrollmentRepository detected = JdbcEnrollmentRepository.builder(database().dataSource)
        .tableName(database().table).build();

    assertThat(detected.dialect()).isEqualTo(database().dialect);
  }

  @Test
  void aBatchLargerThanOneStatementReportsTheOutcomeOfEveryEvent() {
    for (int n = 1; n <= 100; n++) {
      repository().apply(event(id(n), 50, 0.5, "pre-" + n));
    }
    List<EnrollmentEvent> batch = new ArrayList<>();
    for (int n = 1; n <= 600; n++) {
      batch.add(event(id(n), 60, 0.6, "new-" + n));
    }
    for (int n = 1; n <= 100; n++) {
      batch.add(event(id(n), 40, 0.4, "old-" + n));
    }
    Collections.shuffle(batch, new Random(7));
    Map<Long, StoredEnrollment> expected = new HashMap<>();
    for (int n = 1; n <= 100; n++) {
      expected.put(id(n), repository().find(id(n)).orElseThrow());
    }
    List<ApplyOutcome> expectedOutcomes = new ArrayList<>();
    for (EnrollmentEvent event : batch) {
      ApplyRule.Result result = ApplyRule.apply(expected.get(event.enrollmentId()), event);
      expected.put(event.enrollmentId(), result.state());
      expectedOutcomes.add(result.outcome());
    }

    List<ApplyOutcome> outcomes = repository().applyAll(batch);

    assertThat(outcomes).isEqualTo(expectedOutcomes);
    assertThat(outcomes).filteredOn(o -> o == ApplyOutcome.INSERTED).hasSize(500);
    for (int n = 1; n <= 600; n += 37) {
      assertThat(repository().find(id(n))).contains(expected.get(id(n)));
    }
  }

  @Test
  void eachRowRecordsHowAndWhenItLastChanged() throws SQLException {
    Instant now = Instant.parse("2025-04-01T09:30:00.250Z");
    JdbcEnrollmentRepository repository = JdbcEnrollmentRepository.builder(database().dataSource)
        .dialect(database().dialect).tableName(database().table)
        .clock(Clock.fixed(now, ZoneOffset.UTC)).build();

    repository.apply(event(id(1), 50, 0.5, "a"));
    repository.apply(event(id(2), 50, 0.5, "b"));
    repository.apply(completion(id(2), 40, "b-late"));
    repository.apply(completion(id(3), 50, "c"));
    repository.apply(event(id(3), 60, 0.2, "c-kept"));
    repository.apply(event(id(3), 55, 0.2, "c-stale"));
    repository.apply(completion(id(4), 50, "d"));
    repository.apply(completion(id(4), 40, "d-earlier"));

    assertThat(bookkeeping(id(1))).isEqualTo("INSERTED " + now);
    assertThat(bookkeeping(id(2))).isEqualTo("LATE_COMPLETION " + now);
    assertThat(bookkeeping(id(3))).isEqualTo("KEPT_COMPLETED " + now);
    assertThat(bookkeeping(id(4))).isEqualTo("LATE_COMPLETION " + now);
  }

  @Test
  void aBatchThatFailsWritesNothingAndNamesItsEnrollmentsButNoPersonalData() {
    String tooLong = "a".repeat(400) + "@example.com";
    EnrollmentEvent fine = event(id(1), 50, 0.5, "fine");
    EnrollmentSnapshot s = event(id(2), 50, 0.5, "x").snapshot();
    EnrollmentEvent broken = withSnapshot(fine, new EnrollmentSnapshot(s.enrollmentId(),
        s.userId(), tooLong, s.userName(), s.courseId(), s.courseName(),
        s.percentageCompleted(), s.completed(), s.expired(), s.freeTrial(), s.activatedAt(),
        s.startedAt(), s.completedAt(), s.expiryDate(), s.createdAt(), s.updatedAt(),
        s.credentialId(), s.certificateUrl(), s.certificateExpiryDate()));

    assertThatThrownBy(() -> repository().applyAll(List.of(fine, broken)))
        .isInstanceOf(SyncException.class)
        .hasMessageContaining(Long.toString(id(1)))
        .hasMessageContaining(Long.toString(id(2)))
        .hasMessageContaining(database().table)
        .hasMessageNotContaining(tooLong)
        .hasMessageNotContaining("Ada");
    assertThat(repository().find(id(1))).isEmpty();
  }

  @Test
  void creatingTheSchemaAgainKeepsTheRows() {
    repository().apply(event(id(1), 50, 0.5, "a"));

    JdbcSchema.create(database().dataSource, database().dialect, database().table,
        database().cursorTable);

    assertThat(repository().find(id(1))).isPresent();
  }

  private String bookkeeping(long enrollmentId) throws SQLException {
    String sql = "SELECT last_change, applied_at FROM " + database().table
        + " WHERE enrollment_id = ?";
    try (Connection connection = database().dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, enrollmentId);
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).as("row %d exists", enrollmentId).isTrue();
        Instant appliedAt = new Timestamps(database().dialect).get(rs, "applied_at");
        return rs.getString("last_change") + " " + appliedAt;
      }
    }
  }

  private static EnrollmentEvent event(long enrollmentId, int second, double percentage,
      String eventId) {
    Instant updatedAt = T0.plusSeconds(second);
    EnrollmentSnapshot snapshot = new EnrollmentSnapshot(enrollmentId, 310001L,
        "ada@example.com", "Ada Lovelace", 5021L, "Intro to Sourdough", percentage, false, false,
        false, null, null, null, null, null, updatedAt, null, null, null);
    return new EnrollmentEvent(eventId, EventSource.WEBHOOK, "enrollment.progress",
        EnrollmentAction.PROGRESS, "48213", updatedAt, updatedAt, false, snapshot);
  }

  private static EnrollmentEvent completion(long enrollmentId, int second, String eventId) {
    EnrollmentEvent progress = event(enrollmentId, second, 1.0, eventId);
    EnrollmentSnapshot s = progress.snapshot();
    return withSnapshot(progress, s.withCompletion(s.updatedAt(), 1.0));
  }

  private static EnrollmentEvent withSnapshot(EnrollmentEvent e, EnrollmentSnapshot snapshot) {
    return new EnrollmentEvent(e.eventId() + "-" + snapshot.enrollmentId(), e.source(),
        e.topic(), e.action(), e.tenantId(), e.occurredAt(), e.receivedAt(), e.unsigned(),
        snapshot);
  }
}
