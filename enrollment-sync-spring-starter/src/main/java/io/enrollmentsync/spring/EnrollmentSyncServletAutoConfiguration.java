package io.enrollmentsync.spring;

import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.servlet.WebhookServlet;
import jakarta.servlet.Servlet;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers the webhook servlet at {@code enrollment-sync.webhook.path} in a servlet web
 * application. The servlet reads the raw body itself, so the signature is checked over the exact
 * bytes received.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EnrollmentSyncAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Servlet.class, ServletRegistrationBean.class, WebhookServlet.class})
@ConditionalOnBean(EnrollmentSync.class)
public final class EnrollmentSyncServletAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "enrollmentSyncWebhookServlet")
  ServletRegistrationBean<WebhookServlet> enrollmentSyncWebhookServlet(
      EnrollmentSync sync, EnrollmentSyncProperties properties) {
    ServletRegistrationBean<WebhookServlet> registration = new ServletRegistrationBean<>(
        new WebhookServlet(sync.receiver()), properties.getWebhook().getPath());
    registration.setName("enrollmentSyncWebhook");
    return registration;
  }
}
