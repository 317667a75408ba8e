package io.enrollmentsync.jdbc;

import java.util.Objects;
import java.util.regex.Pattern;

/** Validates the table names that the JDBC classes put into SQL text. */
final class TableNames {
  /** An unquoted identifier, optionally qualified by a schema; 63 is PostgreSQL's limit. */
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

  static final String ENROLLMENT_DEFAULT = "enrollment_sync_enrollment";
  static final String CURSOR_DEFAULT = "enrollment_sync_cursor";

  private TableNames() {}

  /**
   * Returns the name when it is a plain SQL identifier, since it goes into SQL text unquoted.
   *
   * @param setting the setting's name, for the message
   * @param name the table name
   * @return the name
   */
  static String require(String setting, String name) {
    Objects.requireNonNull(name, setting + " == null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(setting + " must be an unquoted SQL identifier such as "
          + ENROLLMENT_DEFAULT + " or app." + ENROLLMENT_DEFAULT
          + " (letters, digits and _, at most 63 per part), but was \"" + name + "\"");
    }
    return name;
  }
}
