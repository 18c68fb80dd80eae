package io.fiso.controlplane.support;

import io.fiso.avro.ErrorInfo;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Results as a worker or the router would write them. */
public final class Results {

  public static final String SAMPLE_JSON =
      "{\"message\":\"Hello from the FISO Sample App!\",\"platform\":\"AWS Lambda\","
          + "\"java_version\":\"17.0.15\"}";

  private Results() {}

  public static InvocationResult succeeded(InvocationRequest request, String json) {
    return base(request)
        .setProvider(Provider.AWS)
        .setRegion("us-east-1")
        .setTarget("arn:aws:lambda:us-east-1:123456789012:function:fiso-sample")
        .setStatus(InvocationStatus.SUCCEEDED)
        .setStatusCode(200)
        .setResponse(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)))
        .setResponseContentType("application/json")
        .setProvidersTried(List.of(Provider.AWS))
        .setDurationMs(12.5)
        .setBilledDurationMs(13L)
        .setCost(new BigDecimal("0.0000002083").setScale(24))
        .setCostEstimated(false)
        .build();
  }

  public static InvocationResult failed(
      InvocationRequest request, InvocationStatus status, int code, String type, String message) {
    return base(request)
        .setProvider(status == InvocationStatus.REJECTED ? null : Provider.GCP)
        .setStatus(status)
        .setStatusCode(code)
        .setError(new ErrorInfo(type, message))
        .build();
  }

  private static InvocationResult.Builder base(InvocationRequest request) {
    return InvocationResult.newBuilder()
        .setInvocationId(request.getInvocationId())
        .setFunction(request.getFunction())
        .setRequestedAt(request.getRequestedAt())
        .setCompletedAt(Instant.now())
        .setLabels(request.getLabels());
  }
}
