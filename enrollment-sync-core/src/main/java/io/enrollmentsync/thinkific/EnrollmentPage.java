package io.enrollmentsync.thinkific;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One page of {@code GET /enrollments}: the raw items and the pagination the API reported.
 *
 * <p>Items stay JSON here; {@link io.enrollmentsync.internal.EventCodec#fromApiItem} reads each
 * one, so that a bad item can be set aside without losing the page.
 *
 * @param items the items, in the order the API sent them; possibly empty
 * @param page the page number that was requested, from 1
 * @param hasMeta whether the body carried {@code meta.pagination}; without it the walk ends here
 * @param nextPage {@code next_page}, or null on the last page or without pagination
 * @param totalPages {@code total_pages}, or null when not reported
 * @param totalItems {@code total_items}, or null when not reported
 * @param serverTime the answer's {@code Date} header, Thinkific's clock at whole seconds, or null
 *     when absent or unreadable; the poller keeps its cursor behind it
 * @since 0.1.0
 */
public record EnrollmentPage(
    List<JsonNode> items, int page, boolean hasMeta, Integer nextPage, Integer totalPages,
    Long totalItems, Instant serverTime) {

  /** Validates the fields and copies the items. */
  public EnrollmentPage {
    items = List.copyOf(Objects.requireNonNull(items, "items == null"));
    if (page < 1) {
      throw new IllegalArgumentException("page must be at least 1, but was " + page);
    }
  }

  /**
   * Returns whether a walk ends with this page: {@code next_page} is null, or the body had no
   * pagination at all.
   *
   * @return true on the last page
   * @since 0.1.0
   */
  public boolean isLast() {
    return !hasMeta || nextPage == null;
  }

  /**
   * Returns whether this first page is the whole answer, so that no later page can shift under
   * it: it is the last page, the API reported at most one page, and, when the body had no
   * pagination, the page was not full.
   *
   * @param limit the {@code limit} the page was requested with
   * @return true when nothing more matches the request
   * @since 0.1.0
   */
  public boolean isComplete(int limit) {
    if (page != 1 || !isLast()) {
      return false;
    }
    if (hasMeta) {
      return totalPages == null || totalPages <= 1;
    }
    return items.size() < limit;
  }
}
