package io.enrollmentsync;

/**
 * A delivery or an API item that cannot be read as an enrollment event.
 *
 * <p>The message names the field and the problem; {@link #field()} gives the field alone, so a
 * receiver can answer with it without echoing the payload.
 *
 * @since 0.1.0
 */
public class SyncParseException extends SyncException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * Creates a parse error for one field.
   *
   * @param field the JSON path of the offending field, such as {@code payload.updated_at}, or
   *     {@code body} when the document itself is unreadable
   * @param problem what is wrong with it
   */
  public SyncParseException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  /**
   * Creates a parse error that keeps its cause.
   *
   * @param field the JSON path of the offending field
   * @param problem what is wrong with it
   * @param cause the underlying error
   */
  public SyncParseException(String field, String problem, Throwable cause) {
    super(field + ": " + problem, cause);
    this.field = field;
  }

  /**
   * Returns the JSON path of the offending field.
   *
   * @return the field, never null
   */
  public String field() {
    return field;
  }
}
