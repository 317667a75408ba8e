package io.enrollmentsync.servlet;

import io.enrollmentsync.SyncConfigurationException;
import java.util.Objects;

/**
 * How the admin API is protected and what it shows.
 *
 * <p>The admin API is mounted only when a bearer token or a container role is configured; {@link
 * #disabled()} mounts nothing, so its paths answer 404 and are never open. With a token, requests
 * send {@code Authorization: Bearer <token>}. With a container role, a request the servlet
 * container has authenticated with that role is let in as well, so a host with its own security
 * (a login realm, Spring Security) can use it instead of, or beside, the token.
 *
 * <pre>{@code
 * AdminOptions options = AdminOptions.builder()
 *     .token(System.getenv("ADMIN_TOKEN"))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AdminOptions {
  /** The admin API's base path in the original deployment. */
  public static final String DEFAULT_BASE_PATH = "/api/enrollments";

  private static final AdminOptions DISABLED = new AdminOptions(new Builder());

  private final AdminTokenGuard tokenGuard;
  private final String containerRole;
  private final boolean showPayloads;
  private final ManualSync manualSync;
  private final String basePath;

  private AdminOptions(Builder b) {
    this.tokenGuard = b.token == null ? null : AdminTokenGuard.of(b.token);
    this.containerRole = b.containerRole;
    this.showPayloads = b.showPayloads;
    this.manualSync = b.manualSync;
    this.basePath = b.basePath;
  }

  /**
   * Returns options that mount no admin API at all.
   *
   * @return the options
   */
  public static AdminOptions disabled() {
    return DISABLED;
  }

  /**
   * Starts a builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns whether the admin API is mounted: a token or a container role is configured.
   *
   * @return whether it is enabled
   */
  public boolean enabled() {
    return tokenGuard != null || containerRole != null;
  }

  /**
   * Returns the token guard.
   *
   * @return the guard, or null when no token is configured
   */
  public AdminTokenGuard tokenGuard() {
    return tokenGuard;
  }

  /**
   * Returns the container role that is let in.
   *
   * @return the role, or null when the container's security is not trusted
   */
  public String containerRole() {
    return containerRole;
  }

  /**
   * Returns whether dead-letter answers include the event's snapshot, with names and emails.
   *
   * @return whether payloads are shown
   */
  public boolean showPayloads() {
    return showPayloads;
  }

  /**
   * Returns what {@code POST .../sync} runs instead of the system's poller.
   *
   * @return the manual sync, or null to use the poller of the {@code EnrollmentSync}, if any
   */
  public ManualSync manualSync() {
    return manualSync;
  }

  /**
   * Returns the base path of the admin endpoints.
   *
   * @return such as {@code /api/enrollments}
   */
  public String basePath() {
    return basePath;
  }

  /** Keeps the token out of logs. */
  @Override
  public String toString() {
    return "AdminOptions[enabled=" + enabled() + ", token=" + (tokenGuard != null ? "set" : "none")
        + ", containerRole=" + containerRole + ", showPayloads=" + showPayloads
        + ", manualSync=" + (manualSync != null) + ", basePath=" + basePath + "]";
  }

  /**
   * Builds {@link AdminOptions}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String token;
    private String containerRole;
    private boolean showPayloads;
    private ManualSync manualSync;
    private String basePath = DEFAULT_BASE_PATH;

    private Builder() {}

    /**
     * Protects the admin API with a bearer token.
     *
     * @param token at least {@value AdminTokenGuard#MIN_TOKEN_LENGTH} characters, no whitespace
     * @return this builder
     */
    public Builder token(String token) {
      this.token = Objects.requireNonNull(token, "token == null");
      return this;
    }

    /**
     * Lets in requests that the servlet container authenticated with this role ({@code
     * request.isUserInRole(role)}).
     *
     * @param role the role, such as {@code enrollment-admin}
     * @return this builder
     */
    public Builder containerRole(String role) {
      Objects.requireNonNull(role, "role == null");
      if (role.isBlank()) {
        throw new SyncConfigurationException("containerRole must not be blank: name the role"
            + " your container grants to admins, such as enrollment-admin");
      }
      this.containerRole = role;
      return this;
    }

    /**
     * Shows the event snapshot, which holds the student's name and email, in dead-letter answers.
     * Off by default.
     *
     * @param show whether to show it
     * @return this builder
     */
    public Builder showPayloads(boolean show) {
      this.showPayloads = show;
      return this;
    }

    /**
     * Sets what {@code POST .../sync} runs. Without it the {@code EnrollmentSync}'s own poller
     * runs, and without a poller that endpoint answers 404.
     *
     * @param sync such as {@code ManualSync.of(poller)} for a poller the system does not own
     * @return this builder
     */
    public Builder manualSync(ManualSync sync) {
      this.manualSync = Objects.requireNonNull(sync, "sync == null");
      return this;
    }

    /**
     * Sets the base path of the admin endpoints.
     *
     * @param path starts with {@code /}, does not end with one; default {@code /api/enrollments}
     * @return this builder
     */
    public Builder basePath(String path) {
      Objects.requireNonNull(path, "path == null");
      if (!path.startsWith("/") || path.endsWith("/") || path.contains("*")) {
        throw new SyncConfigurationException("basePath must start with '/', not end with '/' and"
            + " hold no '*', but was '" + path + "'");
      }
      this.basePath = path;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws SyncConfigurationException when the token is too short or holds whitespace
     */
    public AdminOptions build() {
      return new AdminOptions(this);
    }
  }
}
