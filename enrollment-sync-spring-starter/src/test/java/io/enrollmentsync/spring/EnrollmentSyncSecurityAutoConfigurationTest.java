package io.enrollmentsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrollmentsync.testing.SampleDeliveries;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.FilterChainProxy;

class EnrollmentSyncSecurityAutoConfigurationTest {
  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
          ServletWebSecurityAutoConfiguration.class, EnrollmentSyncAutoConfiguration.class,
          EnrollmentSyncServletAutoConfiguration.class,
          EnrollmentSyncSecurityAutoConfiguration.class))
      .withPropertyValues("enrollment-sync.webhook.secrets=" + SampleDeliveries.SECRET,
          "enrollment-sync.worker.poll-timeout=100ms", "enrollment-sync.worker.consumers=1");

  @Test
  void theWebhookPathBypassesSpringSecurityWhileOtherPathsKeepTheDefaultChain() {
    runner.run(context -> {
      FilterChainProxy security = context.getBean(FilterChainProxy.class);

      assertThat(security.getFilters("/api/webhooks/enrollment")).isEmpty();
      assertThat(security.getFilters("/enrollments/1")).isNotEmpty();
      assertThat(security.getFilters("/api/webhooks/enrollment/other")).isNotEmpty();
    });
  }

  @Test
  void aConfiguredWebhookPathIsTheOneThatBypassesSpringSecurity() {
    runner.withPropertyValues("enrollment-sync.webhook.path=/hooks/thinkific").run(context -> {
      FilterChainProxy security = context.getBean(FilterChainProxy.class);

      assertThat(security.getFilters("/hooks/thinkific")).isEmpty();
      assertThat(security.getFilters("/api/webhooks/enrollment")).isNotEmpty();
    });
  }

  @Test
  void withOnlyAnAdminTokenTheAdminPathsBypassSpringSecurityToo() {
    runner.withPropertyValues("enrollment-sync.admin.token=admin-token-0123456789")
        .run(context -> {
          FilterChainProxy security = context.getBean(FilterChainProxy.class);

          assertThat(security.getFilters("/api/enrollments/metrics")).isEmpty();
          assertThat(security.getFilters("/api/enrollments/dead-letters/1-0")).isEmpty();
        });
  }

  @Test
  void withAnAdminRoleTheAdminPathsKeepTheApplicationsRules() {
    runner.withPropertyValues("enrollment-sync.admin.token=admin-token-0123456789",
        "enrollment-sync.admin.role=enrollment-admin").run(context -> {
          FilterChainProxy security = context.getBean(FilterChainProxy.class);

          assertThat(security.getFilters("/api/enrollments/metrics")).isNotEmpty();
        });
  }

  @Test
  void anApplicationCustomizerOfTheSameNameReplacesTheBypass() {
    runner.withUserConfiguration(HostSecurity.class).run(context -> {
      FilterChainProxy security = context.getBean(FilterChainProxy.class);

      assertThat(security.getFilters("/api/webhooks/enrollment")).isNotEmpty();
    });
  }

  @Test
  void withoutSpringSecurityContributesNothing() {
    runner.withClassLoader(new FilteredClassLoader(WebSecurityCustomizer.class))
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean("enrollmentSyncWebSecurityCustomizer"));
  }

  @Configuration(proxyBeanMethods = false)
  static class HostSecurity {
    @Bean
    WebSecurityCustomizer enrollmentSyncWebSecurityCustomizer() {
      return web -> { };
    }
  }
}
