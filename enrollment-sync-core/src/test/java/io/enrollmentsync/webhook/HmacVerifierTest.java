package io.enrollmentsync.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrollmentsync.SyncConfigurationException;
import io.enrollmentsync.testing.SampleDeliveries;
import io.enrollmentsync.testing.SampleDeliveries.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HmacVerifierTest {
  private final HmacVerifier verifier = HmacVerifier.of(List.of(SampleDeliveries.SECRET));

  @Test
  void everySampleDeliveryVerifiesWithItsManifestSignature() {
    for (Delivery d : SampleDeliveries.all()) {
      assertThat(verifier.verify(d.body(), List.of(d.signature())))
          .as(d.file()).isEqualTo(HmacVerifier.Result.VALID);
    }
  }

  @Test
  void signProducesTheManifestSignature() {
    Delivery d = SampleDeliveries.number("01");

    assertThat(HmacVerifier.sign(SampleDeliveries.SECRET, d.body())).isEqualTo(d.signature());
  }

  @Test
  void oneChangedByteIsAMismatch() {
    Delivery d = SampleDeliveries.number("02");
    byte[] body = d.body();
    body[body.length / 2] ^= 1;

    assertThat(verifier.verify(body, List.of(d.signature())))
        .isEqualTo(HmacVerifier.Result.MISMATCH);
  }

  @Test
  void upperCaseHexAndSurroundingSpacesAreAccepted() {
    Delivery d = SampleDeliveries.number("03");

    assertThat(verifier.verify(d.body(), List.of("  " + d.signature().toUpperCase(Locale.ROOT))))
        .isEqualTo(HmacVerifier.Result.VALID);
  }

  @Test
  void anyActiveKeyVerifiesDuringRotation() {
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    HmacVerifier rotating = HmacVerifier.of(List.of("old-key", "new-key"));

    assertThat(rotating.verify(body, List.of(HmacVerifier.sign("old-key", body))))
        .isEqualTo(HmacVerifier.Result.VALID);
    assertThat(rotating.verify(body, List.of(HmacVerifier.sign("new-key", body))))
        .isEqualTo(HmacVerifier.Result.VALID);
    assertThat(rotating.verify(body, List.of(HmacVerifier.sign("other", body))))
        .isEqualTo(HmacVerifier.Result.MISMATCH);
  }

  @Test
  void malformedHeadersAreRejectedWithTheirReason() {
    Delivery d = SampleDeliveries.number("01");
    String good = d.signature();
    char[] arabicDigits = new char[64];
    Arrays.fill(arabicDigits, '\u0661');

    assertThat(verifier.verify(d.body(), List.of())).isEqualTo(HmacVerifier.Result.MISSING);
    assertThat(verifier.verify(d.body(), List.of(good, good)))
        .isEqualTo(HmacVerifier.Result.REPEATED);
    assertThat(verifier.verify(d.body(), List.of("   "))).isEqualTo(HmacVerifier.Result.EMPTY);
    assertThat(verifier.verify(d.body(), List.of(good.substring(1))))
        .isEqualTo(HmacVerifier.Result.WRONG_LENGTH);
    assertThat(verifier.verify(d.body(), List.of(good.substring(0, 30) + " " + good.substring(31))))
        .isEqualTo(HmacVerifier.Result.NOT_HEX);
    assertThat(verifier.verify(d.body(), List.of(new String(arabicDigits))))
        .isEqualTo(HmacVerifier.Result.NOT_HEX);
  }

  @Test
  void missingOrBlankKeysFailAtConstructionNamingTheSetting() {
    assertThatThrownBy(() -> HmacVerifier.of(List.of()))
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("THINKIFIC_WEBHOOK_SECRET");
    assertThatThrownBy(() -> HmacVerifier.of(List.of("k", " ")))
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("#2");
  }

  @Test
  void toStringNeverShowsAKey() {
    assertThat(HmacVerifier.of(List.of("super-secret-key")).toString())
        .doesNotContain("super-secret-key");
  }
}
