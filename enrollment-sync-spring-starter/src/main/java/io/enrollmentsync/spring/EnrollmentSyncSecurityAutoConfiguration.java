package io.enrollmentsync.spring;

import io.enrollmentsync.EnrollmentSync;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;

/**
 * Lets webhooks through Spring Security when the application uses it.
 *
 * <p>A webhook carries its own authentication, the HMAC signature that the receiver checks over
 * the raw body; Thinkific sends no session, credentials or CSRF token, so Spring Security's
 * defaults would refuse every delivery. The webhook path is therefore left out of Spring
 * Security, and every other path keeps the application's rules.
 *
 * <p>This is done with a {@link WebSecurityCustomizer} rather than a {@code SecurityFilterChain}
 * bean, because any such bean switches off Spring Boot's default chain and would leave the rest
 * of the application unprotected. Spring Security logs one warning at start-up that names the
 * ignored path. An application that prefers to permit the path in its own chain defines a bean
 * named {@code enrollmentSyncWebSecurityCustomizer} that does nothing.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EnrollmentSyncAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WebSecurityCustomizer.class)
@ConditionalOnBean(EnrollmentSync.class)
public final class EnrollmentSyncSecurityAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "enrollmentSyncWebSecurityCustomizer")
  WebSecurityCustomizer enrollmentSyncWebSecurityCustomizer(EnrollmentSyncProperties properties) {
    String webhookPath = properties.getWebhook().getPath();
    return web -> web.ignoring().requestMatchers(webhookPath);
  }
}
