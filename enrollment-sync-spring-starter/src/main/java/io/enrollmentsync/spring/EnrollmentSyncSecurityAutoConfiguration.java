package io.enrollmentsync.spring;

import io.enrollmentsync.EnrollmentSync;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;

/**
 * Lets the requests that carry their own authentication through Spring Security when the
 * application uses it.
 *
 * <p>A webhook is authenticated by its HMAC signature, which the receiver checks over the raw
 * body; Thinkific sends no session, credentials or CSRF token, so Spring Security's defaults would
 * refuse every delivery. The webhook path is therefore left out of Spring Security. So are the
 * admin paths when {@code enrollment-sync.admin.token} is set and {@code
 * enrollment-sync.admin.role} is not: the admin servlets check the bearer token themselves.
 * With a role, the admin paths keep the application's rules, and the admin servlets let in a
 * user Spring Security granted the role.
 * Every other path keeps the application's rules.
 *
 * <p>This is a {@link WebSecurityCustomizer} rather than a {@code SecurityFilterChain} bean,
 * because any such bean switches off Spring Boot's default chain and would leave the rest of the
 * application unprotected. Spring Security logs one warning at start-up naming the ignored
 * paths. An application that prefers to permit them in its own chain defines a bean named
 * {@code enrollmentSyncWebSecurityCustomizer} that does nothing.
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
    List<String> paths = new ArrayList<>();
    paths.add(properties.getWebhook().getPath());
    if (CoreSettings.adminGuardedByTokenOnly(properties.getAdmin())) {
      paths.add(properties.getAdmin().getPath() + "/**");
    }
    String[] ignored = paths.toArray(String[]::new);
    return web -> web.ignoring().requestMatchers(ignored);
  }
}
