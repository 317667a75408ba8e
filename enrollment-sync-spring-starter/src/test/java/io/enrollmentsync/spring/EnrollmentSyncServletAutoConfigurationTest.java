package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.servlet.AdminOptions;
import io.enrollmentsync.servlet.EnrollmentSyncServlets;
import io.enrollmentsync.servlet.ManualSync;
import io.enrollmentsync.servlet.WebhookServlet;
import io.enrollmentsync.testing.SampleDeliveries;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class EnrollmentSyncServletAutoConfigurationTest {
  private static final String TOKEN = "admin-token-0123456789";
  private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(
      EnrollmentSyncAutoConfiguration.class, EnrollmentSyncServletAutoConfiguration.class);

  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(CONFIGURATIONS)
      .withPropertyValues("enrollment-sync.webhook.secrets=" + SampleDeliveries.SECRET,
          "enrollment-sync.worker.poll-timeout=100ms", "enrollment-sync.worker.consumers=1");

  @Test
  void registersTheWebhookServletAtTheOriginalPath() {
    runner.run(context -> {
      ServletRegistrationBean<?> registration =
          context.getBean("enrollmentSyncWebhookServlet", ServletRegistrationBean.class);

      assertThat(registration.getServlet()).isInstanceOf(WebhookServlet.class);
      assertThat(registration.getUrlMappings()).containsExactly("/api/webhooks/enrollment");
    });
  }

  @Test
  void registersTheWebhookServletAtAConfiguredPath() {
    runner.withPropertyValues("enrollment-sync.webhook.path=/hooks/thinkific").run(context -> {
      ServletRegistrationBean<?> registration =
          context.getBean("enrollmentSyncWebhookServlet", ServletRegistrationBean.class);

      assertThat(registration.getUrlMappings()).containsExactly("/hooks/thinkific");
    });
  }

  @Test
  void registersNoServletOutsideAServletWebApplication() {
    new ApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .withPropertyValues("enrollment-sync.webhook.secrets=k",
            "enrollment-sync.worker.poll-timeout=100ms")
        .run(context -> assertThat(context).doesNotHaveBean("enrollmentSyncWebhookServlet"));
  }

  @Test
  void keepsTheApplicationsOwnWebhookRegistration() {
    runner.withUserConfiguration(HostRegistration.class).run(context -> {
      ServletRegistrationBean<?> registration =
          context.getBean("enrollmentSyncWebhookServlet", ServletRegistrationBean.class);

      assertThat(registration.getUrlMappings()).containsExactly("/custom");
    });
  }

  @Test
  void withoutAnAdminTokenOrRoleTheAdminApiIsNotMounted() {
    runner.run(context -> {
      assertThat(context.getBean(AdminOptions.class).enabled()).isFalse();
      assertThat(EnrollmentSyncServlets.adminServlets(context.getBean(EnrollmentSync.class),
          context.getBean(AdminOptions.class))).isEmpty();
    });
  }

  @Test
  void aBlankAdminTokenCountsAsUnset() {
    runner.withPropertyValues("enrollment-sync.admin.token=")
        .run(context -> assertThat(context.getBean(AdminOptions.class).enabled()).isFalse());
  }

  @Test
  void withAnAdminTokenTheAdminApiIsMountedUnderTheConfiguredPath() {
    runner.withPropertyValues("enrollment-sync.admin.token=" + TOKEN,
        "enrollment-sync.admin.path=/ops/enrollments").run(context -> {
          AdminOptions admin = context.getBean(AdminOptions.class);

          assertThat(admin.enabled()).isTrue();
          assertThat(admin.tokenGuard()).isNotNull();
          assertThat(EnrollmentSyncServlets.adminServlets(context.getBean(EnrollmentSync.class),
              admin)).containsOnlyKeys("/ops/enrollments/metrics", "/ops/enrollments/health",
                  "/ops/enrollments/sync", "/ops/enrollments/dead-letters/*");
          assertThat(context).hasBean("enrollmentSyncAdminServlets");
        });
  }

  @Test
  void withAnAdminRoleTheAdminApiLetsInThatRole() {
    runner.withPropertyValues("enrollment-sync.admin.role=enrollment-admin").run(context -> {
      AdminOptions admin = context.getBean(AdminOptions.class);

      assertThat(admin.enabled()).isTrue();
      assertThat(admin.containerRole()).isEqualTo("enrollment-admin");
      assertThat(admin.tokenGuard()).isNull();
    });
  }

  @Test
  void aShortAdminTokenFailsStartupNamingThePropertyWithoutShowingTheToken() {
    runner.withPropertyValues("enrollment-sync.admin.token=short-secret").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .hasMessageContaining("invalid enrollment-sync.admin.token")
          .hasMessageNotContaining("short-secret");
    });
  }

  @Test
  void anApplicationsManualSyncBeanIsWhatTheAdminSyncEndpointRuns() {
    runner.withPropertyValues("enrollment-sync.admin.token=" + TOKEN)
        .withBean(ManualSync.class, () -> () -> ManualSync.Result.completed("ran"))
        .run(context -> assertThat(context.getBean(AdminOptions.class).manualSync().runNow()
            .summary()).isEqualTo("ran"));
  }

  @Test
  void keepsTheApplicationsAdminOptions() {
    runner.withBean(AdminOptions.class, AdminOptions::disabled)
        .withPropertyValues("enrollment-sync.admin.token=" + TOKEN)
        .run(context -> assertThat(context.getBean(AdminOptions.class).enabled()).isFalse());
  }

  @Configuration(proxyBeanMethods = false)
  static class HostRegistration {
    @Bean
    ServletRegistrationBean<WebhookServlet> enrollmentSyncWebhookServlet(
        io.enrollmentsync.EnrollmentSync sync) {
      return new ServletRegistrationBean<>(new WebhookServlet(sync.receiver()), "/custom");
    }
  }
}
