package io.fiso.devstack.emulator;

import io.fiso.avro.Architecture;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The three cloud emulators with the mcal sample function deployed on each, started together (for
 * {@code fiso dev}, {@code fiso emulators} and tests):
 *
 * <ul>
 *   <li>AWS Lambda: {@code fiso-sample} ({@link LambdaEmulator});
 *   <li>Azure Functions: {@code /api/fiso-sample} with a generated function key ({@link
 *       AzureFunctionsEmulator});
 *   <li>Google Cloud Functions: HTTP {@code /fiso-sample} (public) and {@code fiso-sample-events}
 *       on the Pub/Sub topic {@code fiso-sample} ({@link GcpFunctionsEmulator}).
 * </ul>
 *
 * {@link #workerEnvironment()} gives the settings the workers need to call them, {@link
 * #awsTarget()} etc. the routing targets of a policy.
 */
public final class CloudEmulators implements AutoCloseable {

  public static final String AWS_REGION = LambdaEmulator.DEFAULT_REGION;
  public static final String AZURE_REGION = "eastus";
  public static final String GCP_REGION = GcpFunctionsEmulator.DEFAULT_REGION;

  /** Ports to listen on; 0 picks a free one. */
  public record Ports(int lambda, int azure, int gcpHttp, int pubsub) {
    public static Ports free() {
      return new Ports(0, 0, 0, 0);
    }
  }

  private final LambdaEmulator lambda;
  private final AzureFunctionsEmulator azure;
  private final GcpFunctionsEmulator gcp;

  private CloudEmulators(
      LambdaEmulator lambda, AzureFunctionsEmulator azure, GcpFunctionsEmulator gcp) {
    this.lambda = lambda;
    this.azure = azure;
    this.gcp = gcp;
  }

  /** Starts the three emulators with the sample functions on free ports. */
  public static CloudEmulators start() {
    return start(Ports.free());
  }

  /**
   * Starts the three emulators with the sample functions (a new random Azure function key).
   *
   * @throws java.io.UncheckedIOException naming the port that could not be bound
   */
  public static CloudEmulators start(Ports ports) {
    return start(ports, AzureFunctionsEmulator.newFunctionKey());
  }

  /** Starts the three emulators with the sample functions, the Azure one with {@code azureKey}. */
  public static CloudEmulators start(Ports ports, String azureKey) {
    LambdaEmulator lambda = null;
    AzureFunctionsEmulator azure = null;
    try {
      lambda = LambdaEmulator.builder().port(ports.lambda()).sampleFunction().start();
      azure = AzureFunctionsEmulator.builder().port(ports.azure()).sampleFunction(azureKey).start();
      GcpFunctionsEmulator gcp =
          GcpFunctionsEmulator.builder()
              .httpPort(ports.gcpHttp())
              .pubsubPort(ports.pubsub())
              .sampleFunctions(false)
              .start();
      return new CloudEmulators(lambda, azure, gcp);
    } catch (RuntimeException e) {
      if (azure != null) {
        azure.close();
      }
      if (lambda != null) {
        lambda.close();
      }
      throw e;
    }
  }

  public LambdaEmulator lambda() {
    return lambda;
  }

  public AzureFunctionsEmulator azure() {
    return azure;
  }

  public GcpFunctionsEmulator gcp() {
    return gcp;
  }

  /** The sample function on AWS: its ARN in us-east-1, 128 MB, x86_64. */
  public FunctionTarget awsTarget() {
    return target(Provider.AWS, AWS_REGION, lambda.arn(LambdaEmulator.SAMPLE_FUNCTION), 128, null);
  }

  /** The sample function on Azure: its URL, eastus, 128 MB. */
  public FunctionTarget azureTarget() {
    return target(
        Provider.AZURE,
        AZURE_REGION,
        azure.functionUrl(AzureFunctionsEmulator.SAMPLE_FUNCTION),
        128,
        null);
  }

  /** The sample function on Google: its URL, us-central1, 256 MB, ASYNC through its topic. */
  public FunctionTarget gcpTarget() {
    return target(
        Provider.GCP,
        GCP_REGION,
        gcp.functionUrl(GcpFunctionsEmulator.SAMPLE_FUNCTION),
        256,
        gcp.topicName(GcpFunctionsEmulator.SAMPLE_TOPIC));
  }

  private static FunctionTarget target(
      Provider provider, String region, String target, int memoryMb, String asyncTarget) {
    return FunctionTarget.newBuilder()
        .setProvider(provider)
        .setRegion(region)
        .setTarget(target)
        .setMemoryMb(memoryMb)
        .setArchitecture(Architecture.X86_64)
        .setAsyncTarget(asyncTarget)
        .build();
  }

  /**
   * The environment the workers need to call these emulators (the variables of {@code fiso
   * workers}): FISO_AWS_ENDPOINT and dummy credentials, the Azure function key, no Google ID
   * tokens, PUBSUB_EMULATOR_HOST. Holds the function key: do not log it.
   */
  public Map<String, String> workerEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FISO_AWS_ENDPOINT", lambda.endpoint().toString());
    env.put("FISO_AWS_DEV_CREDENTIALS", "true");
    env.put("FISO_AZURE_FUNCTION_KEY", azure.functionKey(AzureFunctionsEmulator.SAMPLE_FUNCTION));
    env.put("FISO_GCP_AUTH", "none");
    env.put("PUBSUB_EMULATOR_HOST", gcp.pubsubHost());
    return env;
  }

  /** One line per emulator and endpoint, for a console (no secrets). */
  public String describe() {
    return "AWS Lambda        "
        + lambda.endpoint()
        + "  function "
        + lambda.arn(LambdaEmulator.SAMPLE_FUNCTION)
        + "\n"
        + "Azure Functions   "
        + azure.functionUrl(AzureFunctionsEmulator.SAMPLE_FUNCTION)
        + "  (x-functions-key required)\n"
        + "Google Functions  "
        + gcp.functionUrl(GcpFunctionsEmulator.SAMPLE_FUNCTION)
        + "\n"
        + "Google Pub/Sub    "
        + gcp.pubsubHost()
        + "  topic "
        + gcp.topicName(GcpFunctionsEmulator.SAMPLE_TOPIC)
        + " -> "
        + GcpFunctionsEmulator.SAMPLE_EVENTS_FUNCTION
        + "\n"
        + "Fault injection   PUT <emulator>/_emulator/functions/{name}/faults";
  }

  @Override
  public void close() {
    gcp.close();
    azure.close();
    lambda.close();
  }
}
