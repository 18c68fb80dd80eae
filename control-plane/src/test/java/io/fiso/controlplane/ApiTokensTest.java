package io.fiso.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiTokensTest {

  @Test
  void aTokenAuthenticatesWithItsScopeAndAdminImpliesInvoke() {
    ApiTokens tokens =
        ApiTokens.parse("invoke:token-one-123456789, admin:token-two-123456789", "t");

    assertThat(tokens.authenticate("token-one-123456789")).hasValue(Scope.INVOKE);
    assertThat(tokens.authenticate("token-two-123456789")).hasValue(Scope.ADMIN);
    assertThat(tokens.authenticate("token-two-12345678")).isEmpty();
    assertThat(tokens.authenticate(null)).isEmpty();
    assertThat(Scope.ADMIN.grants(Scope.INVOKE)).isTrue();
    assertThat(Scope.INVOKE.grants(Scope.ADMIN)).isFalse();
  }

  @Test
  void theSameTokenListedTwiceCarriesItsHighestScope() {
    ApiTokens tokens =
        ApiTokens.parse("admin:same-token-123456789,invoke:same-token-123456789", "t");

    assertThat(tokens.authenticate("same-token-123456789")).hasValue(Scope.ADMIN);
  }

  @Test
  void neitherToStringNorErrorsRevealATokenValue() {
    ApiTokens tokens = ApiTokens.parse("invoke:visible-secret-value", "t");

    assertThat(tokens.toString()).isEqualTo("1 invoke").doesNotContain("visible-secret-value");
    assertThatThrownBy(
            () ->
                ApiTokens.parse(
                    "invoke:ok-token-1234567890,superuser:hidden-secret", "FISO_API_TOKENS"))
        .hasMessageContaining("FISO_API_TOKENS")
        .hasMessageContaining("entry #2")
        .hasMessageNotContaining("hidden-secret");
    assertThatThrownBy(() -> ApiTokens.parse("invoke:", "FISO_API_TOKENS"))
        .hasMessageContaining("empty token");
  }

  @Test
  void noTokensMeansAuthenticationIsOff() {
    assertThat(ApiTokens.parse("", "t").enabled()).isFalse();
    assertThat(ApiTokens.parse(" # only a comment\n", "t").enabled()).isFalse();
    assertThat(ApiTokens.none().toString()).contains("off");
  }
}
