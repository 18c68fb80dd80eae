package io.fiso.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

  static final Schema V1 =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Order","namespace":"acme","fields":[
                {"name":"id","type":"string"}]}""");
  static final Schema V2_DEFAULTED =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Order","namespace":"acme","fields":[
                {"name":"id","type":"string"},
                {"name":"note","type":"string","default":""}]}""");
  static final Schema V2_REQUIRED =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Order","namespace":"acme","fields":[
                {"name":"id","type":"string"},
                {"name":"total","type":"long"}]}""");

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  @Test
  void theSameSchemaHasOneIdInEverySubject() {
    int a = registry.register("orders-value", V1);
    int again = registry.register("orders-value", V1);
    int b = registry.register("archive-value", V1);

    assertThat(again).isEqualTo(a);
    assertThat(b).isEqualTo(a);
    assertThat(registry.getVersions("orders-value")).containsExactly(1);
    assertThat(registry.versionsOfId(a))
        .extracting(SchemaVersion::subject)
        .containsExactlyInAnyOrder("orders-value", "archive-value");
  }

  @Test
  void backwardCompatibleVersionsAreNumberedAndNewSchemasGetNewIds() {
    int v1 = registry.register("orders-value", V1);
    int v2 = registry.register("orders-value", V2_DEFAULTED);

    assertThat(v2).isNotEqualTo(v1);
    assertThat(registry.getLatest("orders-value"))
        .isEqualTo(new SchemaVersion("orders-value", 2, v2, V2_DEFAULTED));
    assertThat(registry.lookup("orders-value", V1).version()).isEqualTo(1);
    assertThat(registry.getCompatibility("orders-value")).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  void anIncompatibleSchemaIsRefusedWith409() {
    registry.register("orders-value", V1);

    assertThatThrownBy(() -> registry.register("orders-value", V2_REQUIRED))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE);
              assertThat(e.errorMessage()).contains("orders-value").contains("total");
            });
    assertThat(registry.testCompatibility("orders-value", V2_REQUIRED)).isFalse();
    assertThat(registry.getVersions("orders-value")).containsExactly(1);
  }

  @Test
  void levelsAreSetPerSubjectOrGlobally() {
    registry.register("orders-value", V1);
    registry.setCompatibility("orders-value", CompatibilityLevel.NONE);
    assertThat(registry.register("orders-value", V2_REQUIRED)).isPositive();
    assertThat(registry.hasSubjectLevel("orders-value")).isTrue();

    registry.setCompatibility(null, CompatibilityLevel.FORWARD);
    assertThat(registry.getCompatibility("other")).isEqualTo(CompatibilityLevel.FORWARD);
    assertThat(registry.deleteCompatibility("orders-value")).isEqualTo(CompatibilityLevel.NONE);
    assertThat(registry.getCompatibility("orders-value")).isEqualTo(CompatibilityLevel.FORWARD);
  }

  @Test
  void missingThingsHaveConfluentCodes() {
    registry.register("orders-value", V1);

    assertThat(codeOf(() -> registry.getLatest("nope"))).isEqualTo(40401);
    assertThat(codeOf(() -> registry.getVersion("orders-value", 9))).isEqualTo(40402);
    assertThat(codeOf(() -> registry.getById(999))).isEqualTo(40403);
    assertThat(codeOf(() -> registry.lookup("orders-value", V2_DEFAULTED))).isEqualTo(40403);
    assertThat(codeOf(() -> registry.lookup("nope", V1))).isEqualTo(40401);
  }

  @Test
  void aDeletedSubjectIsGoneButItsSchemasStillResolveById() {
    int id = registry.register("orders-value", V1);
    assertThat(registry.deleteSubject("orders-value")).containsExactly(1);

    assertThat(registry.getSubjects()).isEmpty();
    assertThat(registry.getSubjects(true)).containsExactly("orders-value");
    assertThat(codeOf(() -> registry.getVersions("orders-value"))).isEqualTo(40401);
    assertThat(registry.getById(id)).isEqualTo(V1);
    assertThat(registry.register("orders-value", V1)).isEqualTo(id);
    assertThat(registry.getLatest("orders-value").version()).isEqualTo(2);
  }

  @Test
  void aChangeTheStoreRefusesIsNotApplied() {
    List<InMemorySchemaRegistry.Entry> stored = new ArrayList<>();
    boolean[] storeDown = {true};
    InMemorySchemaRegistry persistent =
        new InMemorySchemaRegistry() {
          @Override
          protected void onChange(Entry entry) {
            if (storeDown[0]) {
              throw SchemaRegistryException.backendError("store down", null);
            }
            stored.add(entry);
          }
        };

    assertThatThrownBy(() -> persistent.register("orders-value", V1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("store down");
    assertThat(persistent.getSubjects()).isEmpty();

    storeDown[0] = false;
    int id = persistent.register("orders-value", V1);
    assertThat(stored)
        .containsExactly(new InMemorySchemaRegistry.Entry("orders-value", 1, id, V1, false));
    // The id handed out to the failed write is not reused: that write may have landed.
    assertThat(id).isEqualTo(2);
  }

  @Test
  void restoringRecordedEntriesContinuesTheIdSequence() {
    InMemorySchemaRegistry restored = new InMemorySchemaRegistry();
    restored.restore(new InMemorySchemaRegistry.Entry("orders-value", 1, 7, V1, false));
    restored.restore(new InMemorySchemaRegistry.Entry("orders-value", 2, 9, V2_DEFAULTED, false));
    restored.restoreCompatibility("orders-value", CompatibilityLevel.FULL);

    assertThat(restored.getById(7)).isEqualTo(V1);
    assertThat(restored.register("orders-value", V1)).isEqualTo(7);
    assertThat(restored.register("other-value", V2_REQUIRED)).isEqualTo(10);
    assertThat(restored.getCompatibility("orders-value")).isEqualTo(CompatibilityLevel.FULL);
  }

  @Test
  void mockScopesAreSharedByName() {
    InMemorySchemaRegistry a = InMemorySchemaRegistry.scope("registry-test-scope");
    try {
      assertThat(InMemorySchemaRegistry.scope("registry-test-scope")).isSameAs(a);
      assertThat(InMemorySchemaRegistry.scope("registry-test-other")).isNotSameAs(a);
    } finally {
      InMemorySchemaRegistry.dropScope("registry-test-scope");
      InMemorySchemaRegistry.dropScope("registry-test-other");
    }
  }

  static int codeOf(Runnable call) {
    try {
      call.run();
    } catch (SchemaRegistryException e) {
      return e.errorCode();
    }
    throw new AssertionError("expected a SchemaRegistryException");
  }
}
