package io.enrollmentsync.bench.jmh;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.enrollmentsync.EnrollmentAction;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EnrollmentSnapshot;
import io.enrollmentsync.EventSource;
import io.enrollmentsync.jdbc.JdbcEnrollmentRepository;
import io.enrollmentsync.jdbc.JdbcSchema;
import io.enrollmentsync.jdbc.SqlDialect;
import io.enrollmentsync.spi.ApplyOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link JdbcEnrollmentRepository#applyAll} into PostgreSQL: events per second for batches of 1,
 * 100 and 500, with a key space of 50,000 enrollments (mostly updates once warm, each a newer
 * version, so every event writes its row). The score is events/s (one op = one event).
 *
 * <p>Writes its own table, {@code bench_jmh_enrollment}, in the database of {@code
 * -Dbench.jdbc.url} (default {@code jdbc:postgresql://127.0.0.1:5432/bench}, user {@code
 * -Dbench.db.user}, default postgres). Run with {@code -t 2} to see two consumers at once.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar JdbcApplyBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-XX:+UseParallelGC"})
public class JdbcApplyBenchmark {
  static final String TABLE = "bench_jmh_enrollment";
  static final int KEYSPACE = 50_000;

  private final AtomicLong sequence = new AtomicLong();
  private HikariDataSource dataSource;
  private JdbcEnrollmentRepository repository;
  private Instant base;

  /** Opens a pool of 4 connections and empties the benchmark's table. */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(System.getProperty("bench.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/bench"));
    config.setUsername(System.getProperty("bench.db.user", "postgres"));
    config.setPassword(System.getProperty("bench.db.password", ""));
    config.setMaximumPoolSize(4);
    dataSource = new HikariDataSource(config);
    JdbcSchema.create(dataSource, SqlDialect.POSTGRESQL, TABLE);
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE " + TABLE);
    }
    repository = JdbcEnrollmentRepository.builder(dataSource).dialect(SqlDialect.POSTGRESQL)
        .tableName(TABLE).build();
    base = Instant.now();
  }

  /** Closes the pool. */
  @TearDown(Level.Trial)
  public void tearDown() {
    dataSource.close();
  }

  /** One event per call: what a worker without batching would do. */
  @Benchmark
  @OperationsPerInvocation(1)
  public List<ApplyOutcome> batchOf1() {
    return repository.applyAll(events(1));
  }

  /** The worker's default batch size. */
  @Benchmark
  @OperationsPerInvocation(100)
  public List<ApplyOutcome> batchOf100() {
    return repository.applyAll(events(100));
  }

  /** The largest batch one statement takes. */
  @Benchmark
  @OperationsPerInvocation(500)
  public List<ApplyOutcome> batchOf500() {
    return repository.applyAll(events(500));
  }

  /** Builds events directly (no JSON): each a newer version of its enrollment. */
  private List<EnrollmentEvent> events(int n) {
    long first = sequence.getAndAdd(n);
    List<EnrollmentEvent> out = new ArrayList<>(n);
    for (long i = first; i < first + n; i++) {
      long enrollment = i % KEYSPACE + 1;
      Instant version = base.plusMillis(i);
      EnrollmentSnapshot snapshot = new EnrollmentSnapshot(enrollment, 300_000 + enrollment % 50_000,
          "learner." + enrollment + "@example.com", "Ada Lovelace", 5_000 + enrollment % 700,
          "Introduction to Distributed Systems", (i / KEYSPACE % 100) / 100.0, false, null, false,
          base, base, null, null, base, version, null, null, null);
      out.add(new EnrollmentEvent("jmh" + i, EventSource.WEBHOOK, "enrollment.progress",
          EnrollmentAction.PROGRESS, "48213", version, version, false, snapshot));
    }
    return out;
  }
}
