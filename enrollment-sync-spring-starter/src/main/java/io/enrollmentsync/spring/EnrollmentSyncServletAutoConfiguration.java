package io.enrollmentsync.spring;

import io.enrollmentsync.EnrollmentSync;
import io.enrollmentsync.servlet.AdminOptions;
import io.enrollmentsync.servlet.EnrollmentSyncServlets;
import io.enrollmentsync.servlet.ManualSync;
import io.enrollmentsync.servlet.WebhookServlet;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers the webhook servlet at {@code enrollment-sync.webhook.path} and the admin API under
 * {@code enrollment-sync.admin.path} in a servlet web application. The webhook servlet reads the
 * raw body itself, so the signature is checked over the exact bytes received.
 *
 * <p>The admin API is mounted only when {@code enrollment-sync.admin.token} or {@code
 * enrollment-sync.admin.role} is set; its {@code POST .../sync} runs a {@link ManualSync} bean
 * if the application has one, else one poll of the system's poller when it runs, and answers 404
 * otherwise.
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

  @Bean
  @ConditionalOnMissingBean
  AdminOptions enrollmentSyncAdminOptions(
      EnrollmentSyncProperties properties, ObjectProvider<ManualSync> manualSync) {
    // Without an application's ManualSync, the admin servlet runs the system's own poller.
    return CoreSettings.admin(properties.getAdmin(), manualSync.getIfUnique());
  }

  @Bean
  @ConditionalOnMissingBean(name = "enrollmentSyncAdminServlets")
  ServletContextInitializer enrollmentSyncAdminServlets(EnrollmentSync sync, AdminOptions admin) {
    Map<String, HttpServlet> servlets = EnrollmentSyncServlets.adminServlets(sync, admin);
    return context -> servlets.forEach((path, servlet) -> {
      ServletRegistration.Dynamic registration =
          context.addServlet("enrollmentSyncAdmin " + path, servlet);
      if (registration != null) {
        registration.addMapping(path);
      }
    });
  }
}
