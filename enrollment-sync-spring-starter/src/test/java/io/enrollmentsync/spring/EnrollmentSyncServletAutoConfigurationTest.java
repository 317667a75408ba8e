package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

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

  @Configuration(proxyBeanMethods = false)
  static class HostRegistration {
    @Bean
    ServletRegistrationBean<WebhookServlet> enrollmentSyncWebhookServlet(
        io.enrollmentsync.EnrollmentSync sync) {
      return new ServletRegistrationBean<>(new WebhookServlet(sync.receiver()), "/custom");
    }
  }
}
