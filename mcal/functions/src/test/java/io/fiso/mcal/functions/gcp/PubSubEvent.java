package io.fiso.mcal.functions.gcp;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Set;

/** A CloudEvent as Eventarc delivers a Pub/Sub message to a 2nd gen function. */
record PubSubEvent(String id, String json) implements CloudEvent {

  @Override
  public CloudEventData getData() {
    return json == null ? null : () -> json.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public SpecVersion getSpecVersion() {
    return SpecVersion.V1;
  }

  @Override
  public String getId() {
    return id;
  }

  @Override
  public String getType() {
    return SamplePubSubFunction.EVENT_TYPE;
  }

  @Override
  public URI getSource() {
    return URI.create("//pubsub.googleapis.com/projects/my-project/topics/fiso-sample-async");
  }

  @Override
  public String getDataContentType() {
    return "application/json";
  }

  @Override
  public URI getDataSchema() {
    return null;
  }

  @Override
  public String getSubject() {
    return null;
  }

  @Override
  public OffsetDateTime getTime() {
    return OffsetDateTime.parse("2026-11-26T10:00:00Z");
  }

  @Override
  public Object getAttribute(String name) {
    return switch (name) {
      case "id" -> id;
      case "type" -> getType();
      case "source" -> getSource();
      case "specversion" -> getSpecVersion();
      default -> null;
    };
  }

  @Override
  public Object getExtension(String name) {
    return null;
  }

  @Override
  public Set<String> getExtensionNames() {
    return Set.of();
  }
}
