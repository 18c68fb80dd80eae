package io.fiso.mcal.functions.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.fiso.mcal.functions.Platform;
import io.fiso.mcal.functions.SampleApp;
import io.fiso.mcal.functions.SampleResponse;
import java.util.Optional;

/**
 * The sample function on Azure Functions: an HTTP trigger at {@code /api/fiso-sample} that needs a
 * function key ({@code x-functions-key} header or {@code code} query parameter).
 *
 * <p>The body is bound as bytes ({@code dataType = "binary"}) so that the reported payload size is
 * exact for any content type. The invocation id comes from the {@code X-Fiso-Invocation-Id} header,
 * otherwise the Functions host's invocation id is reported.
 *
 * <p>The binding is declared twice, here and in {@code src/main/azure/fiso-sample/function.json}
 * (which the host reads); a unit test keeps them equal.
 */
public final class SampleAzureFunction {

  /** The Azure function's name, and so its route under {@code /api/}. */
  public static final String FUNCTION_NAME = "fiso-sample";

  @FunctionName(FUNCTION_NAME)
  public HttpResponseMessage run(
      @HttpTrigger(
              name = "req",
              methods = {HttpMethod.GET, HttpMethod.POST},
              authLevel = AuthorizationLevel.FUNCTION,
              dataType = "binary")
          HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    byte[] body = request.getBody() == null ? null : request.getBody().orElse(null);
    String invocationId =
        SampleApp.lookup(request.getHeaders(), SampleApp.INVOCATION_ID_HEADER)
            .orElse(context == null ? null : context.getInvocationId());

    SampleResponse response =
        SampleApp.respond(Platform.AZURE_FUNCTIONS, invocationId, body == null ? 0 : body.length);
    return request
        .createResponseBuilder(HttpStatus.OK)
        .header("Content-Type", SampleApp.JSON_CONTENT_TYPE)
        .body(response.toJson())
        .build();
  }
}
