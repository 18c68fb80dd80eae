package io.fiso.workers;

import io.fiso.avro.Provider;
import io.fiso.workers.invoke.AwsLambdaInvoker;
import io.fiso.workers.invoke.AzureFunctionsInvoker;
import io.fiso.workers.invoke.GcpFunctionsInvoker;
import io.fiso.workers.invoke.Invoker;
import io.fiso.workers.invoke.SecretValue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Builds a provider's invoker from environment variables (see docs/workers.md). */
public final class Invokers {

  private Invokers() {}

  /**
   * The invoker for {@code provider}, configured from {@code env}.
   *
   * @param maxConcurrency the worker's concurrency limit (connections to size for)
   * @throws IllegalArgumentException naming the variable at fault
   */
  public static Invoker fromEnv(
      Provider provider, Map<String, String> env, int maxConcurrency, Duration maxCallTimeout) {
    Duration connect =
        WorkerSettings.duration(env, "FISO_INVOKER_CONNECT_TIMEOUT", Duration.ofSeconds(5));
    return switch (provider) {
      case AWS -> {
        AwsLambdaInvoker.Builder b =
            AwsLambdaInvoker.builder()
                .maxConcurrency(maxConcurrency)
                .connectTimeout(connect)
                .maxCallTimeout(maxCallTimeout);
        String endpoint = env.get("FISO_AWS_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
          try {
            b.endpointOverride(URI.create(endpoint.strip()));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "FISO_AWS_ENDPOINT is not a URL: '" + endpoint + "'");
          }
        }
        if (WorkerSettings.bool(env, "FISO_AWS_DEV_CREDENTIALS", false)) {
          b.devCredentials();
        }
        yield b.build();
      }
      case AZURE -> {
        AzureFunctionsInvoker.Builder b =
            AzureFunctionsInvoker.builder()
                .connectTimeout(connect)
                .allowInsecureHttp(WorkerSettings.bool(env, "FISO_AZURE_ALLOW_HTTP", false));
        String key = env.get("FISO_AZURE_FUNCTION_KEY");
        String keyFile = env.get("FISO_AZURE_FUNCTION_KEY_FILE");
        if (key != null && !key.isBlank() && keyFile != null && !keyFile.isBlank()) {
          throw new IllegalArgumentException(
              "set FISO_AZURE_FUNCTION_KEY or FISO_AZURE_FUNCTION_KEY_FILE, not both");
        }
        if (key != null && !key.isBlank()) {
          b.functionKey(SecretValue.of(key));
        } else if (keyFile != null && !keyFile.isBlank()) {
          try {
            b.functionKey(SecretValue.fromFile(Path.of(keyFile.strip())));
          } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                "FISO_AZURE_FUNCTION_KEY_FILE: " + e.getMessage(), e);
          }
        }
        yield b.build();
      }
      case GCP -> {
        String auth =
            env.getOrDefault("FISO_GCP_AUTH", "id-token").strip().toLowerCase(Locale.ROOT);
        GcpFunctionsInvoker.Auth mode =
            switch (auth) {
              case "id-token", "id_token", "idtoken" -> GcpFunctionsInvoker.Auth.ID_TOKEN;
              case "none" -> GcpFunctionsInvoker.Auth.NONE;
              default ->
                  throw new IllegalArgumentException(
                      "FISO_GCP_AUTH must be id-token or none, was '" + auth + "'");
            };
        yield GcpFunctionsInvoker.builder()
            .auth(mode)
            .connectTimeout(connect)
            .maxCallTimeout(maxCallTimeout)
            .allowInsecureHttp(WorkerSettings.bool(env, "FISO_GCP_ALLOW_HTTP", false))
            .pubsubEmulatorHost(env.get("PUBSUB_EMULATOR_HOST"))
            .build();
      }
    };
  }
}
