package io.enrollmentsync.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A runnable host: a Spring Boot app whose only enrollment-sync code is the starter dependency
 * and {@code application.properties}. The starter registers the webhook at {@code
 * /api/webhooks/enrollment}; {@link EnrollmentViewController} adds the read-only demo view.
 *
 * <p>On embedded defaults it keeps enrollments in an H2 file database under {@code ./data} and
 * queues events in memory; {@code REDIS_HOST} moves the queue to Redis and {@code DATABASE_URL}
 * the enrollments to PostgreSQL. See {@code docs/spring-boot.md}.
 */
@SpringBootApplication
public class SpringBootExample {

  /**
   * Starts the example.
   *
   * @param args Spring Boot arguments, such as {@code --server.port=9090}
   */
  public static void main(String[] args) {
    SpringApplication.run(SpringBootExample.class, args);
  }
}
