package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.jdbc.JdbcCursorStore;
import io.enrollmentsync.jdbc.JdbcEnrollmentRepository;
import io.enrollmentsync.memory.InMemoryEnrollmentRepository;
import io.enrollmentsync.spi.CursorStore;
import io.enrollmentsync.spi.EnrollmentRepository;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.testing.TestServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class EnrollmentSyncJdbcAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          EnrollmentSyncJdbcAutoConfiguration.class, EnrollmentSyncAutoConfiguration.class))
      .withPropertyValues("enrollment-sync.webhook.secrets=" + SampleDeliveries.SECRET,
          "enrollment-sync.worker.poll-timeout=100ms", "enrollment-sync.worker.consumers=1");

  @Test
  void withADataSourceEnrollmentsAndTheCursorGoToJdbcAndAnInMemoryDatabaseGetsItsTables() {
    runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + TestServices.uniquePrefix())
        .run(context -> {
          CursorStore cursors = context.getBean(CursorStore.class);

          cursors.save("site", Instant.parse("2025-03-01T00:00:00Z"));

          assertThat(context).getBean(EnrollmentRepository.class)
              .isInstanceOf(JdbcEnrollmentRepository.class);
          assertThat(cursors).isInstanceOf(JdbcCursorStore.class);
          assertThat(cursors.load("site")).contains(Instant.parse("2025-03-01T00:00:00Z"));
          assertThat(tables(context.getBean(DataSource.class)))
              .contains("ENROLLMENT_SYNC_ENROLLMENT", "ENROLLMENT_SYNC_CURSOR");
        });
  }

  @Test
  void usesTheConfiguredTableNames() {
    runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + TestServices.uniquePrefix(),
        "enrollment-sync.jdbc.table-name=app_enrollment",
        "enrollment-sync.jdbc.cursor-table-name=app_cursor").run(context -> {
          JdbcEnrollmentRepository repository =
              (JdbcEnrollmentRepository) context.getBean(EnrollmentRepository.class);

          assertThat(repository.tableName()).isEqualTo("app_enrollment");
          assertThat(tables(context.getBean(DataSource.class)))
              .contains("APP_ENROLLMENT", "APP_CURSOR")
              .doesNotContain("ENROLLMENT_SYNC_ENROLLMENT");
        });
  }

  @Test
  void createsNoTableWhenSchemaInitializationIsNever() {
    runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + TestServices.uniquePrefix(),
        "enrollment-sync.jdbc.initialize-schema=never").run(context -> {
          assertThat(context).getBean(EnrollmentRepository.class)
              .isInstanceOf(JdbcEnrollmentRepository.class);
          assertThat(tables(context.getBean(DataSource.class)))
              .doesNotContain("ENROLLMENT_SYNC_ENROLLMENT");
        });
  }

  @Test
  void createsNoTableInAFileDatabaseByDefault() {
    runner.withPropertyValues("spring.datasource.url=jdbc:h2:file:./target/h2/"
        + TestServices.uniquePrefix()).run(context -> assertThat(tables(
            context.getBean(DataSource.class))).doesNotContain("ENROLLMENT_SYNC_ENROLLMENT"));
  }

  @Test
  void keepsTheApplicationsRepositoryAndCursorStore() {
    runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + TestServices.uniquePrefix())
        .withUserConfiguration(HostStores.class).run(context -> {
          assertThat(context).getBean(EnrollmentRepository.class)
              .isSameAs(context.getBean("hostRepository"));
          assertThat(context).getBean(CursorStore.class).isSameAs(context.getBean("hostCursors"));
        });
  }

  @Test
  void withoutADataSourceTheRepositoryStaysInMemoryAndNoCursorStoreIsDefined() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EnrollmentSyncJdbcAutoConfiguration.class,
            EnrollmentSyncAutoConfiguration.class))
        .withPropertyValues("enrollment-sync.webhook.secrets=k",
            "enrollment-sync.worker.poll-timeout=100ms")
        .run(context -> {
          assertThat(context).getBean(EnrollmentRepository.class)
              .isInstanceOf(InMemoryEnrollmentRepository.class);
          assertThat(context).doesNotHaveBean(CursorStore.class);
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class HostStores {
    @Bean
    EnrollmentRepository hostRepository() {
      return new InMemoryEnrollmentRepository();
    }

    @Bean
    CursorStore hostCursors() {
      return new CursorStore() {
        @Override
        public java.util.Optional<Instant> load(String name) {
          return java.util.Optional.empty();
        }

        @Override
        public void save(String name, Instant position) {}
      };
    }
  }

  private static java.util.List<String> tables(DataSource dataSource) throws Exception {
    java.util.List<String> names = new java.util.ArrayList<>();
    try (Connection c = dataSource.getConnection();
        ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME"));
      }
    }
    return names;
  }
}
