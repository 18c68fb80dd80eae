package io.fiso.devstack.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.Provider;
import org.junit.jupiter.api.Test;

class CloudEmulatorsTest {

  @Test
  void startsTheThreeCloudsWithTheSampleFunctionAndSaysHowToReachThem() {
    try (CloudEmulators clouds = CloudEmulators.start()) {
      assertThat(clouds.awsTarget().getProvider()).isEqualTo(Provider.AWS);
      assertThat(clouds.awsTarget().getTarget()).endsWith(":function:fiso-sample");
      assertThat(clouds.azureTarget().getTarget()).endsWith("/api/fiso-sample");
      assertThat(clouds.gcpTarget().getAsyncTarget())
          .isEqualTo("projects/fiso-dev/topics/fiso-sample");
      assertThat(clouds.workerEnvironment())
          .containsKeys("FISO_AWS_ENDPOINT", "FISO_AZURE_FUNCTION_KEY", "PUBSUB_EMULATOR_HOST")
          .containsEntry("FISO_GCP_AUTH", "none");
      assertThat(clouds.describe())
          .doesNotContain(clouds.workerEnvironment().get("FISO_AZURE_FUNCTION_KEY"));
    }
  }
}
