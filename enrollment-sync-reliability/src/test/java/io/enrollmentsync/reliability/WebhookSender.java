package io.enrollmentsync.reliability;

import io.enrollmentsync.webhook.WebhookReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Plays Thinkific: posts signed deliveries with a few concurrent senders and retries every one
 * that is not answered 2xx (a 503, a 5xx, a refused or dropped connection, a timeout) with
 * backoff, until it is accepted or the deadline passes. Thinkific's own retry policy is
 * undocumented; this one is persistent, so that "accepted" means what a 2xx means.
 *
 * <p>It keeps, per delivery, whether and how it was accepted, so a scenario can tell what was
 * acknowledged from what was only attempted.
 */
final class WebhookSender {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  private static final long FIRST_RETRY_MS = 200;
  private static final long MAX_RETRY_MS = 3_000;

  private final byte[] secret;
  private final Supplier<URI> target;
  private final int concurrency;
  private final double perSecond;
  private final HttpClient client;
  private final Map<Integer, Integer> acceptedStatus = new ConcurrentHashMap<>();
  private final Set<String> acceptedEventIds = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicLong lastAcceptedNanos = new AtomicLong();

  /**
   * Creates a sender.
   *
   * @param secret the site API key that signs deliveries
   * @param target where to post, asked again before each attempt (an instance may move)
   * @param concurrency how many deliveries are in flight at once
   * @param perSecond the most first attempts per second, to spread the load over the fault
   */
  WebhookSender(String secret, Supplier<URI> target, int concurrency, double perSecond) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.target = target;
    this.concurrency = concurrency;
    this.perSecond = perSecond;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /**
   * Sends every delivery and waits until each is accepted or the deadline passes.
   *
   * @param deliveries what to send, in order
   * @param deadline how long to keep retrying in all
   * @return how many deliveries were never accepted
   * @throws InterruptedException when interrupted
   */
  int sendAll(List<World.Delivery> deliveries, Duration deadline) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + deadline.toNanos();
    DelayQueue<Pending> queue = new DelayQueue<>();
    for (World.Delivery d : deliveries) {
      long due = start + (long) (d.index() * 1e9 / perSecond);
      queue.add(new Pending(d, due, 0));
    }
    AtomicInteger open = new AtomicInteger(deliveries.size());
    CountDownLatch done = new CountDownLatch(concurrency);
    for (int i = 0; i < concurrency; i++) {
      Thread t = new Thread(() -> {
        try {
          work(queue, open, end);
        } finally {
          done.countDown();
        }
      }, "thinkific-sender-" + i);
      t.setDaemon(true);
      t.start();
    }
    done.await();
    return open.get();
  }

  private void work(DelayQueue<Pending> queue, AtomicInteger open, long end) {
    while (open.get() > 0 && System.nanoTime() < end) {
      Pending p;
      try {
        p = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (p == null) {
        continue;
      }
      int status = post(p.delivery);
      if (status >= 200 && status < 300) {
        acceptedStatus.put(p.delivery.index(), status);
        acceptedEventIds.add(p.delivery.eventId());
        lastAcceptedNanos.set(System.nanoTime());
        open.decrementAndGet();
      } else {
        long delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(10, p.retries));
        queue.add(new Pending(p.delivery, System.nanoTime() + delay * 1_000_000, p.retries + 1));
      }
    }
  }

  /** Posts once; answers the status, or -1 when no answer came. */
  private int post(World.Delivery d) {
    attempts.incrementAndGet();
    HttpRequest request = HttpRequest.newBuilder(target.get())
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .header("X-Thinkific-Topic", "enrollment")
        .header(WebhookReceiver.SIGNATURE_HEADER, sign(d.body()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
        .build();
    String key;
    int status;
    try {
      status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      key = Integer.toString(status);
    } catch (IOException e) {
      status = -1;
      key = "no answer";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
    statuses.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    return status;
  }

  String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deliveries answered 2xx so far. */
  int accepted() {
    return acceptedStatus.size();
  }

  /** Deliveries answered 202, queued as new. */
  long queuedNew() {
    return acceptedStatus.values().stream().filter(s -> s == 202).count();
  }

  /** Distinct event ids answered 2xx at least once. */
  Set<String> acceptedEventIds() {
    return Set.copyOf(acceptedEventIds);
  }

  /** Every POST made, retries included. */
  int attempts() {
    return attempts.get();
  }

  /** Counts of answers by status ("202", "503", "no answer", ...). */
  Map<String, Integer> statuses() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    statuses.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** When the last delivery was accepted, in {@link System#nanoTime()} terms. */
  long lastAcceptedNanos() {
    return lastAcceptedNanos.get();
  }

  /** A delivery waiting for its next attempt. */
  private static final class Pending implements Delayed {
    final World.Delivery delivery;
    final long dueNanos;
    final int retries;

    Pending(World.Delivery delivery, long dueNanos, int retries) {
      this.delivery = delivery;
      this.dueNanos = dueNanos;
      this.retries = retries;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(dueNanos, ((Pending) other).dueNanos);
    }
  }
}
