package io.fiso.devstack.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the shared FISO test Kafka (one broker and one schema registry per JVM)
 * and lets its methods take a {@link KafkaTestEnv} parameter: unique topic names per test.
 *
 * <pre>{@code
 * @FisoKafka
 * class RouterIT {
 *   @Test
 *   void routes(KafkaTestEnv kafka) {
 *     TopicCatalog topics = kafka.topics(); // t3-routes.fiso.invocations, ... created
 *     Map<String, Object> props = kafka.clientProperties();
 *   }
 * }
 * }</pre>
 *
 * <p>The broker is the in-process {@link io.fiso.devstack.kafka.EmbeddedKafka}. With {@code
 * FISO_TEST_KAFKA=testcontainers} and a Docker engine, it is a Testcontainers Kafka instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaExtension.class)
public @interface FisoKafka {}
