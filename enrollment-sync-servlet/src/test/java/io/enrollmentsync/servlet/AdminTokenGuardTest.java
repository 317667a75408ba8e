package io.enrollmentsync.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrollmentsync.SyncConfigurationException;
import io.enrollmentsync.servlet.AdminTokenGuard.Verdict;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminTokenGuardTest {
  private static final String TOKEN = "s3cr3t-admin-token-0123456789";

  private final AdminTokenGuard guard = AdminTokenGuard.of(TOKEN);

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void missingHeaderIsMissing(String header) {
    assertThat(guard.check(header)).isEqualTo(Verdict.MISSING);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Bearer", "Bearer ", "Basic YWRtaW46c2VjcmV0", TOKEN, "Token " + TOKEN,
      "Bearer " + TOKEN + " extra", "Bearer\t" + TOKEN})
  void headerThatIsNotOneBearerTokenIsMalformed(String header) {
    assertThat(guard.check(header)).isEqualTo(Verdict.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Bearer s3cr3t-admin-token-012345678", "Bearer s3cr3t-admin-token-01234567890",
      "Bearer S3CR3T-ADMIN-TOKEN-0123456789", "Bearer x"})
  void otherTokenIsWrong(String header) {
    assertThat(guard.check(header)).isEqualTo(Verdict.WRONG);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Bearer " + TOKEN, "bearer " + TOKEN, "BEARER " + TOKEN, "  Bearer " + TOKEN + "  "})
  void rightTokenIsAllowedWhateverTheSchemesCase(String header) {
    assertThat(guard.check(header)).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void tokensAreComparedAsSha256DigestsWithMessageDigestIsEqual() {
    List<byte[][]> compared = new ArrayList<>();
    BiPredicate<byte[], byte[]> recording = (expected, presented) -> {
      compared.add(new byte[][] {expected, presented});
      return MessageDigest.isEqual(expected, presented);
    };
    AdminTokenGuard recorded = new AdminTokenGuard(TOKEN, recording);

    Verdict shortWrong = recorded.check("Bearer x");
    Verdict longWrong = recorded.check("Bearer " + "y".repeat(500));
    Verdict right = recorded.check("Bearer " + TOKEN);

    assertThat(List.of(shortWrong, longWrong, right))
        .containsExactly(Verdict.WRONG, Verdict.WRONG, Verdict.ALLOWED);
    assertThat(compared).hasSize(3);
    // Fixed-length digests on both sides: the compare's time cannot depend on the token's length.
    assertThat(compared).allSatisfy(pair -> {
      assertThat(pair[0]).hasSize(32);
      assertThat(pair[1]).hasSize(32);
    });
    assertThat(compared.get(0)[0]).isEqualTo(AdminTokenGuard.sha256(TOKEN));
    assertThat(compared.get(0)[1]).isEqualTo(AdminTokenGuard.sha256("x"));
  }

  @Test
  void malformedHeaderNeverReachesTheCompare() {
    List<byte[]> compared = new ArrayList<>();
    AdminTokenGuard recorded = new AdminTokenGuard(TOKEN, (a, b) -> compared.add(b));

    recorded.check("Basic " + TOKEN);

    assertThat(compared).isEmpty();
  }

  @Test
  void shortTokenIsRefusedAtStartUpWithoutEchoingIt() {
    assertThatThrownBy(() -> AdminTokenGuard.of("hunter2"))
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("7 characters")
        .hasMessageContaining("openssl rand -hex 32")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void tokenWithATrailingNewlineIsRefusedWithAHint() {
    assertThatThrownBy(() -> AdminTokenGuard.of(TOKEN + "\n"))
        .isInstanceOf(SyncConfigurationException.class)
        .hasMessageContaining("trailing newline")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void optionsAndGuardKeepTheTokenOutOfTheirText() {
    AdminOptions options = AdminOptions.builder().token(TOKEN).build();

    assertThat(options.toString()).doesNotContain(TOKEN).contains("token=set");
    assertThat(guard.toString()).doesNotContain(TOKEN);
  }
}
