package io.enrollmentsync.spring;

import io.enrollmentsync.jdbc.JdbcCursorStore;
import io.enrollmentsync.jdbc.JdbcEnrollmentRepository;
import io.enrollmentsync.jdbc.JdbcSchema;
import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.spi.EnrollmentRepository;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.context.annotation.Bean;

/**
 * Stores enrollments, and the poller's cursor unless Redis holds it, in the application's
 * {@link DataSource} with the JDBC repository: PostgreSQL, MySQL or MariaDB, and H2.
 *
 * <p>The tables are created when {@code enrollment-sync.jdbc.initialize-schema} says so (by
 * default only in an in-memory database); otherwise run the library's migration files with
 * Flyway or Liquibase.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    after = EnrollmentSyncRedisAutoConfiguration.class,
    before = EnrollmentSyncAutoConfiguration.class)
@ConditionalOnClass({JdbcEnrollmentRepository.class, EmbeddedDatabaseConnection.class})
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = "enrollment-sync.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EnrollmentSyncProperties.class)
public final class EnrollmentSyncJdbcAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  EnrollmentRepository enrollmentSyncRepository(
      DataSource dataSource, EnrollmentSyncProperties properties) {
    EnrollmentSyncProperties.Jdbc jdbc = properties.getJdbc();
    JdbcEnrollmentRepository.Builder builder = JdbcEnrollmentRepository.builder(dataSource);
    CoreSettings.ifSet(jdbc.getTableName(), builder::tableName);
    JdbcEnrollmentRepository repository = builder.build();
    if (createsSchema(jdbc, dataSource)) {
      // Created here, before any bean can use the table; JdbcSchema only adds missing tables.
      if (jdbc.getCursorTableName() == null) {
        JdbcSchema.create(dataSource, repository.dialect(), repository.tableName());
      } else {
        JdbcSchema.create(dataSource, repository.dialect(), repository.tableName(),
            jdbc.getCursorTableName());
      }
    }
    return repository;
  }

  @Bean
  @ConditionalOnMissingBean
  CursorStore enrollmentSyncCursorStore(
      DataSource dataSource, EnrollmentSyncProperties properties) {
    JdbcCursorStore.Builder builder = JdbcCursorStore.builder(dataSource);
    CoreSettings.ifSet(properties.getJdbc().getCursorTableName(), builder::tableName);
    return builder.build();
  }

  private static boolean createsSchema(EnrollmentSyncProperties.Jdbc jdbc, DataSource dataSource) {
    return switch (jdbc.getInitializeSchema()) {
      case ALWAYS -> true;
      case NEVER -> false;
      case EMBEDDED -> EmbeddedDatabaseConnection.isEmbedded(dataSource);
    };
  }
}
