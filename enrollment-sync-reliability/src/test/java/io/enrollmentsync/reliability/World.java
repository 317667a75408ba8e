package io.enrollmentsync.reliability;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enrollmentsync.EnrollmentAction;
import io.enrollmentsync.EnrollmentEvent;
import io.enrollmentsync.EnrollmentSnapshot;
import io.enrollmentsync.EventSource;
import io.enrollmentsync.spi.ApplyRule;
import io.enrollmentsync.spi.StoredEnrollment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A made-up Thinkific site: a few hundred enrollments, each with a history of changes, and the
 * webhook deliveries those changes cause, duplicated and shuffled as Thinkific would deliver them.
 *
 * <p>It knows the truth: {@link #truth()} folds {@link ApplyRule} over every change, which is what
 * the store must hold at the end whatever the order and number of deliveries; {@link
 * #latestSnapshots()} is what the Admin API would serve. The histories are built so that the two
 * agree on every field except where completion is final (a progress change after completion), which
 * is exactly what the apply rule is for.
 *
 * <p>Everything is drawn from one seeded {@link Random}, so a failing scenario can be replayed with
 * the seed it prints.
 */
final class World {
  static final String TENANT = "48213";
  private static final Instant EPOCH = Instant.parse("2025-03-01T00:00:00Z");
  private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald",
      "Frances", "John", "Radia", "Niklaus"};
  private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov",
      "Knuth", "Allen", "Backus", "Perlman", "Wirth"};
  private static final String[] COURSES = {"Intro to Sourdough", "Rye Breads", "Croissants",
      "Baguettes at Home", "Pastry Basics"};

  /** One change in Thinkific, and the webhook event it fires. */
  record Change(EnrollmentEvent event, byte[] body) {}

  /** One webhook delivery: an event's body, sent once more when it is a duplicate. */
  record Delivery(int index, String eventId, byte[] body, boolean duplicate) {}

  private final long seed;
  private final List<Change> changes = new ArrayList<>();
  private final Map<String, EnrollmentEvent> eventsById = new HashMap<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<EnrollmentEvent> silent = new ArrayList<>();
  private long nextEventId;

  private World(long seed) {
    this.seed = seed;
  }

  /**
   * Generates a site.
   *
   * @param seed the seed of every random choice
   * @param enrollments how many enrollments
   * @param deliveries how many webhook deliveries in all, duplicates included
   * @param duplicateShare the share of deliveries that are duplicates, such as 0.3
   * @return the site
   */
  static World generate(long seed, int enrollments, int deliveries, double duplicateShare) {
    World world = new World(seed);
    Random random = new Random(seed);
    int originals = (int) Math.round(deliveries * (1 - duplicateShare));
    world.nextEventId = 1 + random.nextInt(1_000_000);
    List<Integer> lengths = world.historyLengths(random, enrollments, originals);
    for (int i = 0; i < enrollments; i++) {
      world.history(random, 9_000_001L + i, lengths.get(i));
    }
    world.deliver(random, deliveries - world.changes.size());
    return world;
  }

  long seed() {
    return seed;
  }

  /** Every change, in generation order. */
  List<Change> changes() {
    return Collections.unmodifiableList(changes);
  }

  /** Every delivery, shuffled, duplicates included. */
  List<Delivery> deliveries() {
    return Collections.unmodifiableList(deliveries);
  }

  /** The event a delivery carries, by event id. */
  EnrollmentEvent event(String eventId) {
    return eventsById.get(eventId);
  }

  /** Every distinct event: one per change, and the twins repeating a change under a new id. */
  Collection<EnrollmentEvent> events() {
    return Collections.unmodifiableCollection(eventsById.values());
  }

  /**
   * Returns what the store must hold: {@link ApplyRule} folded over every distinct event.
   *
   * @return the stored state by enrollment id
   */
  Map<Long, StoredEnrollment> truth() {
    return fold(eventsById.values());
  }

  /**
   * Folds the apply rule over some events, in the given order.
   *
   * @param events the events
   * @return the stored state by enrollment id
   */
  static Map<Long, StoredEnrollment> fold(Collection<EnrollmentEvent> events) {
    Map<Long, StoredEnrollment> state = new TreeMap<>();
    for (EnrollmentEvent event : events) {
      StoredEnrollment current = state.get(event.enrollmentId());
      state.put(event.enrollmentId(), ApplyRule.apply(current, event).state());
    }
    return state;
  }

  /**
   * Returns the newest snapshot of every enrollment, as the Admin API would serve it.
   *
   * @return snapshots by enrollment id
   */
  Map<Long, EnrollmentSnapshot> latestSnapshots() {
    Map<Long, EnrollmentSnapshot> latest = new TreeMap<>();
    for (Change change : changes) {
      EnrollmentSnapshot s = change.event().snapshot();
      latest.merge(s.enrollmentId(), s,
          (a, b) -> a.updatedAt().isBefore(b.updatedAt()) ? b : a);
    }
    return latest;
  }

  /**
   * Adds one more change after an enrollment's newest one, in which its course got a new name,
   * and delivers it once, in the middle of the load.
   *
   * @param enrollmentId the enrollment
   * @param courseName the new course name
   * @return the new change
   */
  Change renameCourse(long enrollmentId, String courseName) {
    Change newest = changes.stream()
        .filter(c -> c.event().enrollmentId() == enrollmentId)
        .max((a, b) -> a.event().snapshot().updatedAt().compareTo(b.event().snapshot().updatedAt()))
        .orElseThrow();
    EnrollmentEvent o = newest.event();
    EnrollmentSnapshot s = o.snapshot();
    Instant updatedAt = s.updatedAt().plusSeconds(60);
    EnrollmentSnapshot renamed = new EnrollmentSnapshot(
        s.enrollmentId(), s.userId(), s.userEmail(), s.userName(), s.courseId(), courseName,
        s.percentageCompleted(), s.completed(), s.expired(), s.freeTrial(), s.activatedAt(),
        s.startedAt(), s.completedAt(), s.expiryDate(), s.createdAt(), updatedAt,
        s.credentialId(), s.certificateUrl(), s.certificateExpiryDate());
    EnrollmentEvent event = new EnrollmentEvent(nextId(), o.source(), o.topic(), o.action(),
        o.tenantId(), updatedAt.plusMillis(40), updatedAt.plusMillis(40), false, renamed);
    ObjectNode root = Json.read(newest.body());
    root.put("id", event.eventId());
    root.put("created_at", event.occurredAt().toString());
    ObjectNode payload = (ObjectNode) root.get("payload");
    payload.put("updated_at", updatedAt.toString());
    ((ObjectNode) payload.get("course")).put("name", courseName);
    Change change = new Change(event, Json.write(root));
    changes.add(change);
    eventsById.put(event.eventId(), event);

    List<Delivery> all = new ArrayList<>(deliveries);
    all.add(all.size() / 2, new Delivery(0, event.eventId(), change.body(), false));
    deliveries.clear();
    for (int i = 0; i < all.size(); i++) {
      Delivery d = all.get(i);
      deliveries.add(new Delivery(i, d.eventId(), d.body(), d.duplicate()));
    }
    return change;
  }

  /**
   * Adds changes that fire no webhook, as Thinkific's admin screens make them: for a share of
   * the enrollments, a later version whose expiry date was moved to yesterday, so it is expired.
   * Only the Admin API shows them.
   *
   * @param share the share of enrollments changed, such as 0.1
   * @return the changes, as events of their own (never delivered)
   */
  List<EnrollmentEvent> addSilentChanges(double share) {
    Random random = new Random(seed ^ 0x5eed);
    for (StoredEnrollment state : truth().values()) {
      if (random.nextDouble() >= share) {
        continue;
      }
      EnrollmentSnapshot s = state.snapshot();
      Instant updatedAt = s.updatedAt().plusSeconds(3600 + random.nextInt(3600));
      EnrollmentSnapshot expired = new EnrollmentSnapshot(
          s.enrollmentId(), s.userId(), s.userEmail(), s.userName(), s.courseId(), s.courseName(),
          s.percentageCompleted(), s.completed(), true, s.freeTrial(), s.activatedAt(),
          s.startedAt(), s.completedAt(), updatedAt.minusSeconds(86_400), s.createdAt(),
          updatedAt, null, null, null);
      silent.add(new EnrollmentEvent("admin-" + s.enrollmentId(), EventSource.POLL,
          "enrollment.synced", EnrollmentAction.SYNCED, TENANT, updatedAt, updatedAt, false,
          expired));
    }
    return List.copyOf(silent);
  }

  /**
   * Returns what the Admin API serves: the apply rule folded over every change, webhook or
   * silent, as one item per enrollment with the API's field names.
   *
   * @return the items by enrollment id
   */
  Map<Long, ObjectNode> apiItems() {
    List<EnrollmentEvent> all = new ArrayList<>(eventsById.values());
    all.addAll(silent);
    Map<Long, ObjectNode> items = new TreeMap<>();
    fold(all).forEach((id, state) -> items.put(id, apiItem(state.snapshot())));
    return items;
  }

  /**
   * Returns the events the poller must produce from the API items: what the store gets when it
   * reads them, independently of the library's parser.
   *
   * @return one event per enrollment
   */
  List<EnrollmentEvent> pollEvents() {
    List<EnrollmentEvent> all = new ArrayList<>(eventsById.values());
    all.addAll(silent);
    List<EnrollmentEvent> out = new ArrayList<>();
    for (StoredEnrollment state : fold(all).values()) {
      EnrollmentSnapshot s = state.snapshot();
      EnrollmentSnapshot polled = new EnrollmentSnapshot(
          s.enrollmentId(), s.userId(), s.userEmail(), s.userName(), s.courseId(), s.courseName(),
          s.completed() ? 1.0 : s.percentageCompleted(), s.completed(),
          Boolean.TRUE.equals(s.expired()), s.freeTrial(), s.activatedAt(), s.startedAt(),
          s.completedAt(), s.expiryDate(), s.createdAt(), s.updatedAt(), null, null, null);
      out.add(new EnrollmentEvent(EnrollmentEvent.pollEventId(s.enrollmentId(), s.updatedAt()),
          EventSource.POLL, "enrollment.synced", EnrollmentAction.SYNCED, null, s.updatedAt(),
          s.updatedAt(), false, polled));
    }
    return out;
  }

  private static ObjectNode apiItem(EnrollmentSnapshot s) {
    ObjectNode item = JsonNodeFactory.instance.objectNode();
    item.put("id", s.enrollmentId());
    item.put("user_email", s.userEmail());
    item.put("user_name", s.userName());
    item.put("user_id", s.userId());
    item.put("course_name", s.courseName());
    item.put("course_id", s.courseId());
    item.put("percentage_completed", s.completed() ? 1.0 : s.percentageCompleted());
    item.put("expired", Boolean.TRUE.equals(s.expired()));
    item.put("is_free_trial", s.freeTrial());
    item.put("completed", s.completed());
    item.put("started_at", text(s.startedAt()));
    item.put("activated_at", text(s.activatedAt()));
    item.put("completed_at", text(s.completedAt()));
    item.put("updated_at", text(s.updatedAt()));
    item.put("expiry_date", text(s.expiryDate()));
    item.put("created_at", text(s.createdAt()));
    return item;
  }

  /** Spreads the changes over the enrollments: each gets at least two, some many more. */
  private List<Integer> historyLengths(Random random, int enrollments, int total) {
    List<Integer> lengths = new ArrayList<>(Collections.nCopies(enrollments, 2));
    for (int left = total - 2 * enrollments; left > 0; left--) {
      int i = random.nextInt(enrollments);
      lengths.set(i, lengths.get(i) + 1);
    }
    return lengths;
  }

  /**
   * One enrollment's life: created (or a trial), progress that mostly rises and sometimes drops
   * (lessons added), often a completion, and sometimes a change after completion.
   */
  private void history(Random random, long id, int length) {
    Profile p = new Profile(random, id);
    Instant t = EPOCH.plusSeconds(random.nextInt(86_400)).plusMillis(random.nextInt(1000));
    Instant activated = t.minusMillis(200 + random.nextInt(800));
    boolean trial = random.nextInt(10) == 0;
    boolean completes = length >= 3 && random.nextInt(10) < 4;
    boolean afterCompletion = completes && length >= 4 && random.nextInt(4) == 0;
    int progressSteps = length - 1 - (completes ? 1 : 0) - (afterCompletion ? 1 : 0);
    int lessons = 8 + random.nextInt(32);
    int done = 0;
    Instant started = null;
    Instant expiry = random.nextBoolean() ? null : activated.plusSeconds(365L * 86_400);

    add(random, p, trial ? EnrollmentAction.TRIAL : EnrollmentAction.CREATED, t, activated, null,
        null, expiry, BigDecimal.ZERO, trial);
    for (int step = 0; step < progressSteps; step++) {
      t = later(random, t);
      if (started == null) {
        started = t.minusMillis(1 + random.nextInt(5000));
      }
      if (done > 0 && random.nextInt(6) == 0) {
        lessons += 1 + random.nextInt(4); // lessons added: the percentage goes down
      } else {
        done = Math.min(lessons - 1, done + 1 + random.nextInt(3));
      }
      add(random, p, EnrollmentAction.PROGRESS, t, activated, started, null, expiry,
          fraction(done, lessons), trial);
    }
    if (!completes) {
      return;
    }
    t = later(random, t);
    Instant completedAt = t.minusMillis(1 + random.nextInt(20));
    if (started == null) {
      started = completedAt.minusSeconds(60);
    }
    add(random, p, EnrollmentAction.COMPLETED, t, activated, started, completedAt, expiry,
        BigDecimal.ONE, trial);
    if (afterCompletion) {
      // Lessons added after completion: progress drops below 100%, but completion is final.
      t = later(random, t);
      add(random, p, EnrollmentAction.PROGRESS, t, activated, started, completedAt,
          activated.plusSeconds(730L * 86_400), fraction(lessons, lessons + 3), trial);
    }
  }

  private static Instant later(Random random, Instant t) {
    return t.plusSeconds(1 + random.nextInt(7200)).plusMillis(random.nextInt(1000));
  }

  private static BigDecimal fraction(int done, int lessons) {
    return BigDecimal.valueOf(done).divide(BigDecimal.valueOf(lessons), 4, RoundingMode.DOWN)
        .stripTrailingZeros();
  }

  private void add(Random random, Profile p, EnrollmentAction action, Instant updatedAt,
      Instant activated, Instant started, Instant completedAt, Instant expiry,
      BigDecimal percentage, boolean trial) {
    Instant occurredAt = updatedAt.plusMillis(5 + random.nextInt(500));
    double fraction = action == EnrollmentAction.COMPLETED ? 1.0 : percentage.doubleValue();
    // As the receiver reads a webhook: completion comes from the topic or from reaching 100%, so
    // a progress change after completion (lessons added) carries completed = false, and the
    // apply rule keeps the stored completion.
    boolean completed = action == EnrollmentAction.COMPLETED || fraction >= 1.0;
    EnrollmentSnapshot snapshot = new EnrollmentSnapshot(
        p.id, p.userId, p.email, p.first + " " + p.last, p.courseId, p.courseName, fraction,
        completed, null, trial, activated, started, completedAt, expiry, p.createdAt, updatedAt,
        null, null, null);
    EnrollmentEvent event = new EnrollmentEvent(
        nextId(), EventSource.WEBHOOK, "enrollment." + action.name().toLowerCase(), action,
        TENANT, occurredAt, occurredAt, false, snapshot);
    Change change = new Change(event, body(event, p, percentage));
    changes.add(change);
    eventsById.put(event.eventId(), event);
  }

  /**
   * Adds the duplicates and shuffles: half are the same delivery again (a retry by Thinkific),
   * half the same change under a new event id fired a few milliseconds later (the topic registered
   * twice).
   */
  private void deliver(Random random, int duplicates) {
    List<Delivery> all = new ArrayList<>();
    for (Change change : changes) {
      all.add(new Delivery(0, change.event().eventId(), change.body(), false));
    }
    for (int i = 0; i < duplicates; i++) {
      Change original = changes.get(random.nextInt(changes.size()));
      if (random.nextBoolean()) {
        all.add(new Delivery(0, original.event().eventId(), original.body(), true));
      } else {
        EnrollmentEvent o = original.event();
        EnrollmentEvent twin = new EnrollmentEvent(
            nextId(), o.source(), o.topic(), o.action(), o.tenantId(),
            o.occurredAt().plusMillis(1 + random.nextInt(30)), o.receivedAt(), false,
            o.snapshot());
        eventsById.put(twin.eventId(), twin);
        all.add(new Delivery(0, twin.eventId(), retarget(original.body(), twin), true));
      }
    }
    Collections.shuffle(all, random);
    for (int i = 0; i < all.size(); i++) {
      Delivery d = all.get(i);
      deliveries.add(new Delivery(i, d.eventId(), d.body(), d.duplicate()));
    }
  }

  private String nextId() {
    // Thinkific event ids are ~23 digits, more than a long holds.
    return "20250301" + String.format("%015d", nextEventId++);
  }

  private static byte[] retarget(byte[] body, EnrollmentEvent twin) {
    ObjectNode root = Json.read(body);
    root.put("id", twin.eventId());
    root.put("created_at", twin.occurredAt().toString());
    return Json.write(root);
  }

  /** The webhook body Thinkific would send for this event, field names as in the samples. */
  private static byte[] body(EnrollmentEvent event, Profile p, BigDecimal percentage) {
    EnrollmentSnapshot s = event.snapshot();
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode payload = f.objectNode();
    payload.put("activated_at", text(s.activatedAt()));
    payload.put("completed_at", text(s.completedAt()));
    payload.set("course", f.objectNode().put("id", p.courseId).put("name", p.courseName));
    payload.put("course_id", p.courseId);
    payload.put("created_at", text(s.createdAt()));
    payload.put("expiry_date", text(s.expiryDate()));
    payload.put("free_trial", s.freeTrial());
    payload.put("id", s.enrollmentId());
    payload.put("percentage_completed", percentage.toPlainString());
    payload.put("started_at", text(s.startedAt()));
    payload.put("updated_at", text(s.updatedAt()));
    payload.set("user", f.objectNode().put("email", p.email).put("first_name", p.first)
        .put("id", p.userId).put("last_name", p.last));
    ObjectNode root = f.objectNode();
    root.put("id", event.eventId());
    root.put("resource", "enrollment");
    root.put("action", event.action().name().toLowerCase());
    root.put("tenant_id", TENANT);
    root.put("created_at", event.occurredAt().toString());
    root.set("payload", payload);
    return Json.write(root);
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** Who is enrolled in what; fixed for the enrollment's whole life. */
  private static final class Profile {
    final long id;
    final long userId;
    final String first;
    final String last;
    final String email;
    final long courseId;
    final String courseName;
    final Instant createdAt;

    Profile(Random random, long id) {
      this.id = id;
      this.userId = 310_000L + random.nextInt(1_000_000);
      this.first = FIRST[random.nextInt(FIRST.length)];
      this.last = LAST[random.nextInt(LAST.length)];
      this.email = (first + "." + last + "." + userId + "@example.com").toLowerCase();
      int course = random.nextInt(COURSES.length);
      this.courseId = 5021L + course;
      this.courseName = COURSES[course];
      this.createdAt = EPOCH.minusSeconds(random.nextInt(86_400)).minusMillis(random.nextInt(999));
    }
  }
}
