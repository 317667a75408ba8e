package io.enrollmentsync.examples.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enrollmentsync.testing.FailingRepository;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.webhook.WebhookReceiver;
import io.enrollmentsync.worker.WorkerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the example lets a delivery in the middle of its body finish and be answered. */
class JettyExampleStopTest {
  @TempDir Path dataDir;
  private JettyExample example;

  @AfterEach
  void stop() throws Exception {
    if (example != null) {
      example.close();
    }
  }

  @Test
  void deliveryHalfSentWhenTheStopBeginsIsStillQueuedAndAnswered202() throws Exception {
    example = new JettyExample(ExampleSettings.from(Map.of(
        "THINKIFIC_WEBHOOK_SECRET", SampleDeliveries.SECRET,
        "PORT", "0",
        "DATA_DIR", dataDir.toString())),
        new FailingRepository(),
        WorkerConfig.builder().pollTimeout(Duration.ofMillis(50)).build()).start();
    SampleDeliveries.Delivery delivery = SampleDeliveries.number("01");
    byte[] body = delivery.body();
    int half = body.length / 2;

    try (Socket socket = new Socket("127.0.0.1", example.port())) {
      socket.setSoTimeout((int) JettyExample.STOP_TIMEOUT_MS * 2);
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + JettyExample.WEBHOOK_PATH + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\n"
          + WebhookReceiver.SIGNATURE_HEADER + ": " + delivery.signature() + "\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(Arrays.copyOf(body, half));
      out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> example.requestsInFlight() == 1);

      JettyExample stopping = example;
      CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
        try {
          stopping.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      await().atMost(Duration.ofSeconds(10)).until(stopping::stopping);
      assertThat(closed).as("the stop waits for the request in flight").isNotDone();

      out.write(body, half, body.length - half);
      out.flush();
      BufferedReader in = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).startsWith("HTTP/1.1 202");

      closed.get(30, TimeUnit.SECONDS);
      example = null;
    }
  }
}
