package io.fiso.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.FunctionTarget;
import io.fiso.avro.Provider;
import org.junit.jupiter.api.Test;

class BinaryAvroSerdeTest {

  private final BinaryAvroSerde<FunctionTarget> serde = new BinaryAvroSerde<>(FunctionTarget.class);

  private static FunctionTarget target(String region) {
    return FunctionTarget.newBuilder()
        .setProvider(Provider.AWS)
        .setRegion(region)
        .setTarget("arn:aws:lambda:" + region + ":1:function:f")
        .build();
  }

  @Test
  void theStoredArrayIsDecodedOnceAndAStoreUpdateIsDecodedAgain() {
    byte[] stored = serde.serializer().serialize("store", target("us-east-1"));

    FunctionTarget first = serde.deserializer().deserialize("store", stored);
    FunctionTarget again = serde.deserializer().deserialize("store", stored);
    assertThat(again).isSameAs(first).isEqualTo(target("us-east-1"));

    byte[] updated = serde.serializer().serialize("store", target("eu-west-1"));
    assertThat(serde.deserializer().deserialize("store", updated).getRegion())
        .isEqualTo("eu-west-1");
    byte[] sameContentNewArray = stored.clone();
    assertThat(serde.deserializer().deserialize("store", sameContentNewArray))
        .isNotSameAs(first)
        .isEqualTo(first);
  }
}
