package io.fiso.mcal.functions.gcp;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import io.fiso.mcal.functions.Platform;
import io.fiso.mcal.functions.SampleApp;
import io.fiso.mcal.functions.SampleResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The sample function on Google Cloud Functions (2nd gen), HTTP-triggered: entry point {@code
 * io.fiso.mcal.functions.gcp.SampleHttpFunction}.
 *
 * <p>The invocation id comes from the {@code X-Fiso-Invocation-Id} header, otherwise from the
 * {@code Function-Execution-Id} header when the platform sets one; without either it is {@code
 * null}.
 */
public final class SampleHttpFunction implements HttpFunction {

  static final String EXECUTION_ID_HEADER = "Function-Execution-Id";

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    long payloadBytes;
    try (InputStream body = request.getInputStream()) {
      payloadBytes = body == null ? 0 : body.transferTo(OutputStream.nullOutputStream());
    }
    String invocationId =
        SampleApp.lookupMulti(
                request.getHeaders(), SampleApp.INVOCATION_ID_HEADER, EXECUTION_ID_HEADER)
            .orElse(null);

    SampleResponse answer =
        SampleApp.respond(Platform.GOOGLE_CLOUD_FUNCTIONS, invocationId, payloadBytes);
    response.setStatusCode(200);
    response.setContentType(SampleApp.JSON_CONTENT_TYPE);
    try (OutputStream out = response.getOutputStream()) {
      out.write(answer.toJsonBytes());
    }
  }
}
