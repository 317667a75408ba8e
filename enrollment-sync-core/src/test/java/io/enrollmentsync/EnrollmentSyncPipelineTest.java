package io.enrollmentsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.spi.StoredEnrollment;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.testing.SampleDeliveries.Delivery;
import io.enrollmentsync.webhook.WebhookConfig;
import io.enrollmentsync.webhook.WebhookOutcome;
import io.enrollmentsync.webhook.WebhookReceiver;
import io.enrollmentsync.webhook.WebhookRequest;
import io.enrollmentsync.webhook.WebhookResponse;
import io.enrollmentsync.worker.WorkerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole path on embedded defaults, driven by the signed sample deliveries. */
class EnrollmentSyncPipelineTest {
  private final EnrollmentSync sync = EnrollmentSync.builder()
      .webhook(WebhookConfig.builder().secret(SampleDeliveries.SECRET).build())
      .worker(WorkerConfig.builder().pollTimeout(Duration.ofMillis(50)).build())
      .build()
      .start();

  @AfterEach
  void close() {
    sync.close();
  }

  @Test
  void samplesInOrderAreAnsweredAsTheManifestSaysAndEndCompleted() {
    List<Delivery> all = SampleDeliveries.all();

    for (Delivery d : all.subList(0, 6)) {
      assertThat(post(d, d.signature()).status()).as(d.file()).isBetween(200, 299);
    }
    WebhookResponse truncated = post(all.get(6), all.get(6).signature());

    assertThat(truncated.status()).isEqualTo(400);
    assertThat(truncated.body()).contains("body.malformed");
    assertThat(sync.queue().quarantined(10)).hasSize(1);
    assertThat(sync.queue().quarantined(10).get(0).body()).isEqualTo(all.get(6).body());
    StoredEnrollment row = awaitCompleted(880101);
    assertThat(row.snapshot().percentageCompleted()).isEqualTo(1.0);
    assertThat(row.snapshot().completedAt()).isEqualTo(Instant.parse("2025-03-18T07:44:11.190Z"));
    assertThat(sync.repository().find(880102)).isEmpty();
  }

  @Test
  void progressEightySevenBeforeFiftyEndsInTheSameRow() {
    for (String n : List.of("01", "02", "04", "03", "05")) {
      Delivery d = SampleDeliveries.number(n);
      post(d, d.signature());
    }

    StoredEnrollment row = awaitCompleted(880101);

    assertThat(row.snapshot().completedAt()).isEqualTo(Instant.parse("2025-03-18T07:44:11.190Z"));
    assertThat(row.lastEventId()).isEqualTo("20250318074411220000444");
  }

  @Test
  void redeliveryIsAnsweredAsDuplicateAndQueuesNothing() {
    Delivery d = SampleDeliveries.number("02");

    WebhookResponse first = post(d, d.signature());
    WebhookResponse second = post(d, d.signature());

    assertThat(first.outcome()).isEqualTo(WebhookOutcome.ACCEPTED);
    assertThat(first.status()).isEqualTo(202);
    assertThat(second.outcome()).isEqualTo(WebhookOutcome.DUPLICATE);
    assertThat(second.status()).isEqualTo(200);
    assertThat(sync.metrics().registry().counter("enrollmentsync.webhook.outcome.accepted")
        .getCount()).isEqualTo(1);
  }

  @Test
  void wrongSignatureIsUnauthorizedAndStoresNothing() {
    Delivery d = SampleDeliveries.number("01");

    WebhookResponse response = post(d, HmacVerifierSigner.sign("wrong-key", d.body()));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).contains("signature.mismatch");
    assertThat(sync.queue().stats().depth()).isZero();
    assertThat(sync.repository().find(880101)).isEmpty();
  }

  @Test
  void unknownEnrollmentActionIsAcknowledgedAndNotQueued() {
    Delivery d = SampleDeliveries.number("06");

    WebhookResponse response = post(d, d.signature());

    assertThat(response.outcome()).isEqualTo(WebhookOutcome.IGNORED);
    assertThat(sync.queue().stats().depth()).isZero();
    assertThat(sync.metrics().registry().counter("enrollmentsync.webhook.ignored.enrollment.revoked")
        .getCount()).isEqualTo(1);
  }

  private StoredEnrollment awaitCompleted(long id) {
    await().atMost(Duration.ofSeconds(10)).until(() ->
        sync.repository().find(id).map(r -> r.snapshot().completed()).orElse(false));
    return sync.repository().find(id).orElseThrow();
  }

  private WebhookResponse post(Delivery d, String signature) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("Content-Type", List.of("application/json"));
    headers.put(WebhookReceiver.SIGNATURE_HEADER, List.of(signature));
    headers.put("X-Thinkific-Topic", List.of(d.topic()));
    return sync.receiver().receive(WebhookRequest.of(headers::get, d.body()));
  }

  /** Signs with another key, to produce a well-formed but wrong signature. */
  private static final class HmacVerifierSigner {
    static String sign(String key, byte[] body) {
      return io.enrollmentsync.webhook.HmacVerifier.sign(key, body);
    }
  }
}
