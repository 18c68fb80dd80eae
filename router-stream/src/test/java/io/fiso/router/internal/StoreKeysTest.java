package io.fiso.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.Provider;
import org.junit.jupiter.api.Test;

class StoreKeysTest {

  @Test
  void statisticsKeysOfAnyProviderCaseMeetTheStoresKey() {
    assertThat(StoreKeys.normalizeStats("checkout/aws/us-east-1"))
        .isEqualTo(StoreKeys.stats("checkout", Provider.AWS, "us-east-1"))
        .isEqualTo("checkout/AWS/us-east-1");
    assertThat(StoreKeys.normalizeStats("a/b/gcp/us-central1")).isEqualTo("a/b/GCP/us-central1");
    assertThat(StoreKeys.normalizeStats("odd")).isEqualTo("odd");
  }

  @Test
  void theFunctionOfAStatisticsKeyMayHoldSlashesAndAnOddKeyHasNone() {
    assertThat(StoreKeys.functionOfStats(StoreKeys.stats("checkout", Provider.AWS, "us-east-1")))
        .isEqualTo("checkout");
    assertThat(StoreKeys.functionOfStats("team/checkout/GCP/us-central1"))
        .isEqualTo("team/checkout");
    // no function to pin it to: the caller treats it as a change to every decision
    assertThat(StoreKeys.functionOfStats("odd")).isNull();
    assertThat(StoreKeys.functionOfStats("AWS/us-east-1")).isNull();
    assertThat(StoreKeys.functionOfStats("/AWS/us-east-1")).isNull();
  }

  @Test
  void priceKeysAreUpperCasedAroundTheRegion() {
    assertThat(StoreKeys.normalizePrice("aws/us-east-1/x86_64")).isEqualTo("AWS/us-east-1/X86_64");
    assertThat(StoreKeys.normalizePrice("AZURE/*/X86_64")).isEqualTo("AZURE/*/X86_64");
  }
}
