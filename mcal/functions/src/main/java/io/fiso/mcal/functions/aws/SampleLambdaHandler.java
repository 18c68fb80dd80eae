package io.fiso.mcal.functions.aws;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.fiso.mcal.functions.Platform;
import io.fiso.mcal.functions.SampleApp;
import io.fiso.mcal.functions.SampleResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The sample function on AWS Lambda (handler {@value #HANDLER}).
 *
 * <p>A stream handler: the invocation payload arrives as raw bytes, whatever its content type, and
 * the answer is the sample response's JSON. The invocation id comes from the client context's
 * {@code custom} map ({@code X-Fiso-Invocation-Id} or {@code fiso-invocation-id}), which FISO sets
 * on synchronous {@code Invoke} calls; otherwise the Lambda request id is reported.
 *
 * <p>When the optional function URL calls the function, the payload is Lambda's HTTP event (payload
 * format 2.0): the handler then reads the body and the {@code X-Fiso-Invocation-Id} header from it
 * and answers with an HTTP response.
 */
public final class SampleLambdaHandler implements RequestStreamHandler {

  /** The value of the Lambda function's {@code handler} setting. */
  public static final String HANDLER =
      "io.fiso.mcal.functions.aws.SampleLambdaHandler::handleRequest";

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    byte[] payload = input.readAllBytes();
    Optional<FunctionUrlEvent> urlEvent = FunctionUrlEvent.parse(payload);

    String invocationId =
        fromClientContext(context)
            .or(
                () ->
                    urlEvent.flatMap(
                        event -> SampleApp.lookup(event.headers(), SampleApp.INVOCATION_ID_HEADER)))
            .orElse(context == null ? null : context.getAwsRequestId());
    long payloadBytes =
        urlEvent.map(event -> (long) event.body().length).orElse((long) payload.length);

    SampleResponse response = SampleApp.respond(Platform.AWS_LAMBDA, invocationId, payloadBytes);
    output.write(
        urlEvent.isPresent()
            ? FunctionUrlEvent.httpResponse(response.toJson())
            : response.toJsonBytes());
    output.flush();
  }

  private static Optional<String> fromClientContext(Context context) {
    ClientContext clientContext = context == null ? null : context.getClientContext();
    if (clientContext == null) {
      return Optional.empty();
    }
    return SampleApp.lookup(
        clientContext.getCustom(),
        SampleApp.INVOCATION_ID_HEADER,
        SampleApp.INVOCATION_ID_ATTRIBUTE);
  }
}
