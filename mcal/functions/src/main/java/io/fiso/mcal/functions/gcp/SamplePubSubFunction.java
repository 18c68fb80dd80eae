package io.fiso.mcal.functions.gcp;

import com.fasterxml.jackson.jr.ob.JSON;
import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import io.fiso.mcal.functions.Platform;
import io.fiso.mcal.functions.SampleApp;
import io.fiso.mcal.functions.SampleResponse;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The sample function on Google Cloud Functions (2nd gen) for FISO's asynchronous calls: triggered
 * by a message on the function's Pub/Sub topic (event type {@value #EVENT_TYPE}), entry point
 * {@code io.fiso.mcal.functions.gcp.SamplePubSubFunction}.
 *
 * <p>The payload is the message's data; the invocation id is its {@code fiso-invocation-id}
 * attribute, otherwise the Pub/Sub message id. Nobody waits for the answer of an asynchronous call,
 * so the response is written to the function's log (Cloud Logging).
 */
public final class SamplePubSubFunction implements CloudEventsFunction {

  public static final String EVENT_TYPE = "google.cloud.pubsub.topic.v1.messagePublished";

  private static final Logger LOG = Logger.getLogger(SamplePubSubFunction.class.getName());

  @Override
  public void accept(CloudEvent event) throws IOException {
    SampleResponse response = handle(event);
    LOG.info(() -> "fiso-sample async invocation answered: " + response.toJson());
  }

  /**
   * The answer to one Pub/Sub message event.
   *
   * @throws IOException when the event carries no Pub/Sub message (Cloud Functions then records a
   *     failed execution)
   */
  public SampleResponse handle(CloudEvent event) throws IOException {
    if (event.getData() == null) {
      throw new IOException(
          "CloudEvent " + event.getId() + " has no data: expected a Pub/Sub MessagePublishedData");
    }
    Map<String, Object> data = JSON.std.mapFrom(event.getData().toBytes());
    if (!(data.get("message") instanceof Map<?, ?> message)) {
      throw new IOException(
          "CloudEvent " + event.getId() + " has no field 'message': not a Pub/Sub event");
    }
    byte[] payload = new byte[0];
    if (message.get("data") instanceof String encoded) {
      try {
        payload = Base64.getDecoder().decode(encoded);
      } catch (IllegalArgumentException e) {
        throw new IOException(
            "CloudEvent " + event.getId() + ": field 'message.data' is not base64", e);
      }
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    if (message.get("attributes") instanceof Map<?, ?> raw) {
      raw.forEach((name, value) -> attributes.put(String.valueOf(name), String.valueOf(value)));
    }
    String messageId =
        message.get("messageId") instanceof String id
            ? id
            : message.get("message_id") instanceof String legacyId ? legacyId : event.getId();
    String invocationId =
        SampleApp.lookup(attributes, SampleApp.INVOCATION_ID_ATTRIBUTE).orElse(messageId);
    return SampleApp.respond(Platform.GOOGLE_CLOUD_FUNCTIONS, invocationId, payload.length);
  }
}
