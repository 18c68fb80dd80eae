package io.fiso.schemas.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fiso.avro.Budget;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.RoutingPolicy;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@link RoutingPolicy} records in the policy file format, so that what {@code fiso policy
 * get} prints can be edited and applied again. {@code version} and {@code updatedAt} are included
 * for people; {@link PolicyDocuments} ignores them when the document is applied.
 */
public final class PolicyRenderer {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private PolicyRenderer() {}

  /** One policy as a YAML mapping. */
  public static String toYaml(RoutingPolicy policy) {
    return write(YAML, toTree(policy));
  }

  /** Several policies as a YAML document with {@code policies:}. */
  public static String toYaml(List<RoutingPolicy> policies) {
    return write(YAML, wrap(policies));
  }

  /** One policy as a JSON object in the file format. */
  public static String toJson(RoutingPolicy policy) {
    return write(JSON, toTree(policy));
  }

  /** Several policies as JSON: {@code {"policies": [...]}}. */
  public static String toJson(List<RoutingPolicy> policies) {
    return write(JSON, wrap(policies));
  }

  /** The file-format tree of one policy (field order as in docs/policies.md). */
  public static ObjectNode toTree(RoutingPolicy policy) {
    ObjectNode node = NODES.objectNode();
    node.put("function", policy.getFunction());
    node.put("name", policy.getName());
    node.put("active", policy.getActive());
    node.put("strategy", policy.getStrategy().name());
    if (policy.getLatencySloMs() != null) {
      node.put("latencySloMs", policy.getLatencySloMs());
    }
    if (policy.getMaxCostPerInvocation() != null) {
      node.put("maxCostPerInvocationUsd", plain(policy.getMaxCostPerInvocation()));
    }
    if (policy.getAllowedRegions() != null && !policy.getAllowedRegions().isEmpty()) {
      ArrayNode regions = node.putArray("allowedRegions");
      policy.getAllowedRegions().forEach(regions::add);
    }
    Budget budget = policy.getBudget();
    if (budget != null) {
      ObjectNode b = node.putObject("budget");
      b.put("amountUsd", plain(budget.getAmount()));
      b.put("period", budget.getPeriod().name());
      b.put("action", budget.getAction().name());
      if (budget.getScope() != null) {
        b.put("scope", budget.getScope());
      }
    }
    if (policy.getDescription() != null) {
      node.put("description", policy.getDescription());
    }
    ArrayNode targets = node.putArray("targets");
    for (FunctionTarget t : policy.getTargets()) {
      ObjectNode target = targets.addObject();
      target.put("provider", t.getProvider().name().toLowerCase(Locale.ROOT));
      target.put("region", t.getRegion());
      target.put("target", t.getTarget());
      target.put("memoryMb", t.getMemoryMb());
      target.put("architecture", t.getArchitecture().name().toLowerCase(Locale.ROOT));
      target.put("weight", t.getWeight());
      target.put("priority", t.getPriority());
      if (t.getAsyncTarget() != null) {
        target.put("asyncTarget", t.getAsyncTarget());
      }
      if (t.getVcpu() != null) {
        target.put("vcpu", plain(t.getVcpu()));
      }
    }
    node.put("version", policy.getVersion());
    if (policy.getUpdatedAt() != null) {
      node.put("updatedAt", policy.getUpdatedAt().toString());
    }
    return node;
  }

  private static ObjectNode wrap(List<RoutingPolicy> policies) {
    ObjectNode root = NODES.objectNode();
    ArrayNode list = root.putArray("policies");
    policies.forEach(p -> list.add(toTree(p)));
    return root;
  }

  private static String plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
  }

  private static String write(ObjectMapper mapper, Object tree) {
    try {
      return mapper.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
