package io.fiso.schemas.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fiso.avro.Architecture;
import io.fiso.avro.Budget;
import io.fiso.avro.BudgetAction;
import io.fiso.avro.BudgetPeriod;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads policy documents (YAML or JSON) into {@link RoutingPolicy} records, in the format of
 * docs/policies.md: one policy (a mapping), several under {@code policies:} (or a top-level list),
 * or the seed's shorthand row ({@code name}, {@code default_provider}, {@code default_arn}).
 *
 * <p>Everything is checked before anything is returned, and every problem is reported (not just the
 * first), each naming the file, the policy and the field. {@code version} and {@code updatedAt}
 * belong to the writer: when a file carries them (the output of {@code fiso policy get} does) they
 * are ignored, and the parsed records have version 1 and updatedAt 0 until the writer sets them.
 *
 * <pre>{@code
 * List<RoutingPolicy> policies = PolicyDocuments.read(Path.of("policies.yaml"));  // or throws
 * PolicyDocuments.Result result = PolicyDocuments.check("body.json", json);        // never throws
 * }</pre>
 */
public final class PolicyDocuments {

  /** The default policy's function key. */
  public static final String DEFAULT_FUNCTION = "*";

  /** What a document held: the policies, or the problems that keep it from being applied. */
  public record Result(List<RoutingPolicy> policies, List<PolicyProblem> problems) {
    public Result {
      policies = List.copyOf(policies);
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }

    /** The policies, or a {@link PolicyValidationException} listing every problem. */
    public List<RoutingPolicy> orThrow() {
      if (!ok()) {
        throw new PolicyValidationException(problems);
      }
      return policies;
    }
  }

  private static final Set<String> POLICY_FIELDS =
      orderedSet(
          "function",
          "name",
          "active",
          "strategy",
          "latencySloMs",
          "maxCostPerInvocationUsd",
          "allowedRegions",
          "budget",
          "description",
          "targets",
          "version",
          "updatedAt");
  private static final Set<String> TARGET_FIELDS =
      orderedSet(
          "provider",
          "region",
          "target",
          "memoryMb",
          "architecture",
          "weight",
          "priority",
          "asyncTarget",
          "vcpu");
  private static final Set<String> BUDGET_FIELDS =
      orderedSet("amountUsd", "period", "action", "scope");
  private static final Set<String> SEED_FIELDS =
      orderedSet(
          "name",
          "default_provider",
          "default_arn",
          "is_active",
          "default_region",
          "id",
          "created_at");
  private static final Set<String> SEED_MARKERS =
      Set.of("default_provider", "default_arn", "is_active", "default_region");

  /** Field names people write by analogy with the Avro record or the seed. */
  private static final Map<String, String> HINTS =
      Map.of(
          "maxCostPerInvocation", "maxCostPerInvocationUsd",
          "amount", "amountUsd",
          "latencySlo", "latencySloMs",
          "memory", "memoryMb",
          "arn", "target",
          "url", "target",
          "is_active", "active",
          "regions", "allowedRegions");

  private static final int DEFAULT_MEMORY_MB = 128;

  private PolicyDocuments() {}

  /**
   * Reads and checks one file.
   *
   * @throws PolicyValidationException listing every problem
   * @throws IOException when the file cannot be read
   */
  public static List<RoutingPolicy> read(Path file) throws IOException {
    return check(file.toString(), Files.readString(file, StandardCharsets.UTF_8)).orThrow();
  }

  /**
   * Reads and checks several files as one set: a function defined in two files is a problem too.
   * Nothing is returned unless every file is valid.
   */
  public static List<RoutingPolicy> readAll(List<Path> files) throws IOException {
    List<RoutingPolicy> policies = new ArrayList<>();
    List<PolicyProblem> problems = new ArrayList<>();
    Map<String, String> definedIn = new HashMap<>();
    for (Path file : files) {
      Result result = check(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
      problems.addAll(result.problems());
      for (RoutingPolicy policy : result.policies()) {
        String earlier = definedIn.putIfAbsent(policy.getFunction(), file.toString());
        if (earlier != null) {
          problems.add(
              new PolicyProblem(
                  file.toString(),
                  label(0, policy.getFunction()),
                  "function",
                  "function \""
                      + policy.getFunction()
                      + "\" is also defined in "
                      + earlier
                      + ": keep one definition"));
        }
        policies.add(policy);
      }
    }
    return new Result(policies, problems).orThrow();
  }

  /** Parses and checks {@code text}; never throws for bad content. */
  public static Result check(String source, String text) {
    Problems problems = new Problems(source);
    JsonNode root = readTree(source, text, problems);
    if (root == null) {
      return new Result(List.of(), problems.list);
    }
    List<JsonNode> items = new ArrayList<>();
    if (root.isMissingNode() || root.isNull()) {
      problems.file("the document is empty: write one policy, or several under policies:");
    } else if (root.isArray()) {
      root.forEach(items::add);
      if (items.isEmpty()) {
        problems.file("the list of policies is empty");
      }
    } else if (root.isObject() && root.has("policies")) {
      List<String> others = new ArrayList<>();
      root.fieldNames().forEachRemaining(f -> others.add(f));
      others.remove("policies");
      if (!others.isEmpty()) {
        problems.file(
            "unexpected top-level "
                + (others.size() == 1 ? "field " : "fields ")
                + others
                + " next to policies: move them into a policy");
      }
      JsonNode list = root.get("policies");
      if (!list.isArray()) {
        problems.file("policies must be a list of policies (each starting with '- function:')");
      } else if (list.isEmpty()) {
        problems.file("policies is empty: there is nothing to apply");
      } else {
        list.forEach(items::add);
      }
    } else if (root.isObject()) {
      items.add(root);
    } else {
      problems.file(
          "expected a policy (a mapping) or a list of policies, found "
              + describe(root)
              + " '"
              + root.asText()
              + "'");
    }

    List<RoutingPolicy> policies = new ArrayList<>();
    Map<String, Integer> firstIndexOf = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      int position = i + 1;
      RoutingPolicy policy = parsePolicy(position, items.get(i), problems);
      if (policy == null) {
        continue;
      }
      Integer first = firstIndexOf.putIfAbsent(policy.getFunction(), position);
      if (first != null) {
        problems.add(
            label(position, policy.getFunction()),
            "function",
            "policy #"
                + first
                + " is also for function \""
                + policy.getFunction()
                + "\": one policy per function (the later one would replace the earlier)");
        continue;
      }
      policies.add(policy);
    }
    if (!problems.list.isEmpty()) {
      return new Result(List.of(), problems.list);
    }
    return new Result(policies, List.of());
  }

  // ---------------------------------------------------------------------------------------------

  private static JsonNode readTree(String source, String text, Problems problems) {
    String trimmed = text.strip();
    boolean looksJson =
        source.toLowerCase(Locale.ROOT).endsWith(".json")
            || trimmed.startsWith("{")
            || trimmed.startsWith("[");
    if (looksJson) {
      try {
        return JSON.readTree(text);
      } catch (JacksonException e) {
        if (source.toLowerCase(Locale.ROOT).endsWith(".json")) {
          problems.file("not valid JSON" + where(e) + ": " + e.getOriginalMessage());
          return null;
        }
        // Flow-style YAML also starts with { or [: let the YAML parser have it.
      }
    }
    if (trimmed.isEmpty()) {
      problems.file("the document is empty: write one policy, or several under policies:");
      return null;
    }
    try {
      JsonNode node = YAML.readTree(text);
      return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
    } catch (JacksonException e) {
      problems.file("not valid YAML" + where(e) + ": " + e.getOriginalMessage());
      return null;
    }
  }

  private static String where(JacksonException e) {
    JsonLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static RoutingPolicy parsePolicy(int position, JsonNode node, Problems problems) {
    if (!node.isObject()) {
      problems.add(
          "policy #" + position,
          null,
          "expected a mapping of fields (function, strategy, targets, ...), found "
              + describe(node));
      return null;
    }
    JsonNode functionNode = node.get("function");
    String functionText =
        functionNode != null && functionNode.isValueNode() ? functionNode.asText() : null;
    boolean seed = SEED_MARKERS.stream().anyMatch(node::has);
    if (seed) {
      Set<String> fullOnly = new LinkedHashSet<>(POLICY_FIELDS);
      fullOnly.remove("name");
      List<String> mixed = new ArrayList<>();
      node.fieldNames()
          .forEachRemaining(
              f -> {
                if (fullOnly.contains(f)) {
                  mixed.add(f);
                }
              });
      if (!mixed.isEmpty()) {
        problems.add(
            label(position, functionText),
            null,
            "mixes the seed's shorthand (default_provider, default_arn) with the full form "
                + mixed
                + ": write either the shorthand or function/strategy/targets");
        return null;
      }
      return parseSeed(position, node, problems);
    }
    return parseFull(position, node, functionText, problems);
  }

  private static RoutingPolicy parseFull(
      int position, JsonNode node, String functionText, Problems problems) {
    Fields f = new Fields(problems, label(position, functionText), "", node);
    f.unknown(POLICY_FIELDS);

    String function = f.text("function", true);
    if (function != null) {
      f.check("function", PolicyRules.function(function));
    }
    String name = f.text("name", false);
    if (name != null && name.isBlank()) {
      f.problem("name", "is blank: name the policy, e.g. checkout-cost-saver");
    }
    boolean active = f.bool("active", true);
    RoutingStrategy strategy = f.strategy("strategy");
    Integer slo = f.integer("latencySloMs", null, 1, Integer.MAX_VALUE);
    BigDecimal maxCost = f.decimal("maxCostPerInvocationUsd");
    if (maxCost != null) {
      f.check("maxCostPerInvocationUsd", PolicyRules.money(maxCost));
    }
    List<String> allowedRegions = f.stringList("allowedRegions");
    Budget budget = parseBudget(f, node.get("budget"));
    String description = f.text("description", false);

    List<PolicyRules.Numbered> targets = new ArrayList<>();
    boolean allTargetsParsed = true;
    JsonNode targetsNode = node.get("targets");
    if (targetsNode == null || targetsNode.isNull()) {
      f.problem("targets", "at least one target is required (provider, region, target)");
      allTargetsParsed = false;
    } else if (!targetsNode.isArray()) {
      f.problem("targets", "must be a list of targets, found " + describe(targetsNode));
      allTargetsParsed = false;
    } else if (targetsNode.isEmpty()) {
      f.problem("targets", "is empty: at least one target is required (provider, region, target)");
      allTargetsParsed = false;
    } else {
      int i = 0;
      for (JsonNode t : targetsNode) {
        i++;
        FunctionTarget target = parseTarget(f, "targets[" + i + "]", t);
        if (target == null) {
          allTargetsParsed = false;
        } else {
          targets.add(new PolicyRules.Numbered(i, target));
        }
      }
    }
    for (PolicyRules.Finding finding :
        PolicyRules.crossChecks(
            strategy,
            slo,
            targets,
            allTargetsParsed && strategy != null,
            allowedRegions == null ? List.of() : allowedRegions)) {
      f.problem(finding.field(), finding.message());
    }
    if (f.failed() || function == null || strategy == null) {
      return null;
    }
    return RoutingPolicy.newBuilder()
        .setFunction(function)
        .setName(name == null ? defaultName(function) : name)
        .setActive(active)
        .setStrategy(strategy)
        .setTargets(targets.stream().map(PolicyRules.Numbered::target).toList())
        .setLatencySloMs(slo)
        .setMaxCostPerInvocation(money(maxCost))
        .setBudget(budget)
        .setAllowedRegions(allowedRegions == null ? List.of() : allowedRegions)
        .setVersion(1)
        .setUpdatedAt(Instant.EPOCH)
        .setDescription(description)
        .build();
  }

  /** Money at the scale Avro stores it (decimal(38,24)), so a record read back compares equal. */
  private static BigDecimal money(BigDecimal value) {
    return value == null ? null : value.setScale(PolicyRules.MONEY_SCALE);
  }

  private static String defaultName(String function) {
    return DEFAULT_FUNCTION.equals(function) ? "default" : function;
  }

  private static Budget parseBudget(Fields parent, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      parent.problem("budget", "must be a mapping (amountUsd, period, action, scope)");
      return null;
    }
    Fields f = parent.nested("budget.", node);
    f.unknown(BUDGET_FIELDS);
    BigDecimal amount = f.decimal("amountUsd");
    if (amount == null && !f.has("amountUsd")) {
      f.problem("amountUsd", "is required: the USD the budget allows per period, e.g. \"50.00\"");
    } else if (amount != null) {
      f.check("amountUsd", PolicyRules.money(amount));
    }
    BudgetPeriod period = f.enumValue("period", BudgetPeriod.class, true, "DAY or MONTH");
    BudgetAction action = f.enumValue("action", BudgetAction.class, false, "ALERT or BLOCK");
    String scope = f.text("scope", false);
    f.check("scope", PolicyRules.budgetScope(scope));
    if (f.failed() || amount == null || period == null) {
      return null;
    }
    return Budget.newBuilder()
        .setAmount(money(amount))
        .setPeriod(period)
        .setAction(action == null ? BudgetAction.ALERT : action)
        .setScope(scope)
        .build();
  }

  private static FunctionTarget parseTarget(Fields parent, String path, JsonNode node) {
    if (!node.isObject()) {
      parent.problem(path, "must be a mapping (provider, region, target, ...)");
      return null;
    }
    Fields f = parent.nested(path + ".", node);
    f.unknown(TARGET_FIELDS);
    Provider provider = f.provider("provider");
    String region = f.text("region", false);
    String target = f.text("target", false);
    Integer memory = f.integer("memoryMb", DEFAULT_MEMORY_MB, Integer.MIN_VALUE, Integer.MAX_VALUE);
    Architecture architecture = f.architecture("architecture");
    Integer weight = f.integer("weight", 1, Integer.MIN_VALUE, Integer.MAX_VALUE);
    Integer priority = f.integer("priority", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
    String asyncTarget = f.text("asyncTarget", false);
    BigDecimal vcpu = f.decimal("vcpu");

    if (region == null && !f.has("region") && provider == Provider.AWS && target != null) {
      region = PolicyRules.regionOfArn(target); // the ARN says where it is
    }
    f.check("region", PolicyRules.region(region));
    if (weight != null) {
      f.check("weight", PolicyRules.weight(weight));
    }
    if (provider != null) {
      f.check("target", PolicyRules.target(provider, target, region));
      if (memory != null) {
        f.check("memoryMb", PolicyRules.memory(provider, memory));
      }
      if (architecture != null) {
        f.check("architecture", PolicyRules.architecture(provider, architecture));
      }
      f.check("asyncTarget", PolicyRules.asyncTarget(provider, asyncTarget));
      f.check("vcpu", PolicyRules.vcpu(provider, vcpu));
    }
    if (f.failed()
        || provider == null
        || region == null
        || target == null
        || memory == null
        || weight == null
        || priority == null) {
      return null;
    }
    return FunctionTarget.newBuilder()
        .setProvider(provider)
        .setRegion(region)
        .setTarget(target)
        .setMemoryMb(memory)
        .setArchitecture(architecture == null ? Architecture.X86_64 : architecture)
        .setWeight(weight)
        .setPriority(priority)
        .setAsyncTarget(asyncTarget)
        .setVcpu(vcpu == null ? null : vcpu.setScale(3))
        .build();
  }

  /** The seed's row: {@code name, default_provider, default_arn[, is_active]} → PINNED '*'. */
  private static RoutingPolicy parseSeed(int position, JsonNode node, Problems problems) {
    Fields f = new Fields(problems, label(position, DEFAULT_FUNCTION), "", node);
    f.unknown(SEED_FIELDS);
    String name = f.text("name", true);
    Provider provider = f.provider("default_provider");
    String arn = f.text("default_arn", true);
    boolean active = f.bool("is_active", true);
    String region = f.text("default_region", false);
    if (region == null && arn != null) {
      region = PolicyRules.regionOfArn(arn);
      if (region == null && provider != null) {
        f.problem(
            "default_region",
            provider == Provider.AWS
                ? "default_arn is not a Lambda ARN, so the region cannot be taken from it:"
                    + " add default_region"
                : "is required for " + PolicyRules.display(provider) + " (the ARN form is AWS's)");
      }
    }
    if (region != null) {
      f.check("default_region", PolicyRules.region(region));
    }
    if (provider != null && arn != null) {
      f.check("default_arn", PolicyRules.target(provider, arn, region));
    }
    if (f.failed() || name == null || provider == null || arn == null || region == null) {
      return null;
    }
    // Every field is set: Avro resolves builder defaults through class lookups that a process
    // must trust explicitly (ClassSecurityValidator), and this code must not depend on that.
    FunctionTarget target =
        FunctionTarget.newBuilder()
            .setProvider(provider)
            .setRegion(region)
            .setTarget(arn)
            .setMemoryMb(DEFAULT_MEMORY_MB)
            .setArchitecture(Architecture.X86_64)
            .setWeight(1)
            .setPriority(0)
            .setAsyncTarget(null)
            .setVcpu(null)
            .build();
    return RoutingPolicy.newBuilder()
        .setFunction(DEFAULT_FUNCTION)
        .setName(name)
        .setActive(active)
        .setStrategy(RoutingStrategy.PINNED)
        .setTargets(List.of(target))
        .setLatencySloMs(null)
        .setMaxCostPerInvocation(null)
        .setBudget(null)
        .setAllowedRegions(List.of())
        .setVersion(1)
        .setUpdatedAt(Instant.EPOCH)
        .setDescription(
            "The seed's policy row: every function without its own policy goes to "
                + PolicyRules.display(provider)
                + " "
                + region)
        .build();
  }

  static String label(int position, String function) {
    String prefix = position > 0 ? "policy #" + position : "policy";
    return function == null ? prefix : prefix + " (function \"" + function + "\")";
  }

  private static String describe(JsonNode node) {
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isNull()) {
      return "nothing (null)";
    }
    return "a string";
  }

  private static Set<String> orderedSet(String... names) {
    return new LinkedHashSet<>(Arrays.asList(names));
  }

  // ---------------------------------------------------------------------------------------------

  /** The problems found in one source. */
  private static final class Problems {
    private final String source;
    private final List<PolicyProblem> list = new ArrayList<>();

    Problems(String source) {
      this.source = source;
    }

    void file(String message) {
      list.add(new PolicyProblem(source, null, null, message));
    }

    void add(String policy, String field, String message) {
      list.add(new PolicyProblem(source, policy, field, message));
    }
  }

  /** Typed reads of one mapping's fields, each recording a problem instead of failing. */
  private static final class Fields {
    private final Problems problems;
    private final String policy;
    private final String prefix;
    private final JsonNode node;
    private final Fields parent;
    private boolean failed;

    Fields(Problems problems, String policy, String prefix, JsonNode node) {
      this(problems, policy, prefix, node, null);
    }

    private Fields(Problems problems, String policy, String prefix, JsonNode node, Fields parent) {
      this.problems = problems;
      this.policy = policy;
      this.prefix = prefix;
      this.node = node;
      this.parent = parent;
    }

    /** The fields of a nested mapping; its problems count as this mapping's too. */
    Fields nested(String prefix, JsonNode child) {
      return new Fields(problems, policy, this.prefix + prefix, child, this);
    }

    boolean failed() {
      return failed;
    }

    boolean has(String field) {
      JsonNode value = node.get(field);
      return value != null && !value.isNull();
    }

    void problem(String field, String message) {
      for (Fields f = this; f != null; f = f.parent) {
        f.failed = true;
      }
      problems.add(policy, field == null ? null : prefix + field, message);
    }

    void check(String field, String message) {
      if (message != null) {
        problem(field, message);
      }
    }

    void unknown(Set<String> known) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!known.contains(name)) {
          problem(name, "unknown field" + suggestion(name, known) + "; known fields: " + known);
        }
      }
    }

    private static String suggestion(String name, Set<String> known) {
      String hint = HINTS.get(name);
      if (hint != null && known.contains(hint)) {
        return " (did you mean " + hint + "?)";
      }
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (String candidate : known) {
        int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
        if (d < bestDistance) {
          bestDistance = d;
          best = candidate;
        }
      }
      return best != null && bestDistance <= 2 ? " (did you mean " + best + "?)" : "";
    }

    private static int distance(String a, String b) {
      int[] previous = new int[b.length() + 1];
      int[] current = new int[b.length() + 1];
      for (int j = 0; j <= b.length(); j++) {
        previous[j] = j;
      }
      for (int i = 1; i <= a.length(); i++) {
        current[0] = i;
        for (int j = 1; j <= b.length(); j++) {
          int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
          current[j] =
              Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
        }
        int[] swap = previous;
        previous = current;
        current = swap;
      }
      return previous[b.length()];
    }

    /** A scalar as text; null when absent (a problem when required) or not a scalar. */
    String text(String field, boolean required) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        if (required) {
          problem(field, "is required");
        }
        return null;
      }
      if (!value.isValueNode()) {
        problem(field, "must be a single value, found " + describe(value));
        return null;
      }
      return value.asText();
    }

    boolean bool(String field, boolean defaultValue) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return defaultValue;
      }
      if (value.isBoolean()) {
        return value.booleanValue();
      }
      if (value.isTextual()) {
        String text = value.textValue().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
          return Boolean.parseBoolean(text);
        }
      }
      problem(field, "must be true or false, found '" + value.asText() + "'");
      return defaultValue;
    }

    Integer integer(String field, Integer defaultValue, int min, int max) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return defaultValue;
      }
      BigDecimal number = null;
      if (value.isNumber()) {
        number = value.decimalValue();
      } else if (value.isTextual()) {
        try {
          number = new BigDecimal(value.textValue().trim());
        } catch (NumberFormatException e) {
          number = null;
        }
      }
      if (number == null || number.stripTrailingZeros().scale() > 0) {
        problem(field, "must be a whole number, found '" + value.asText() + "'");
        return null;
      }
      if (number.compareTo(BigDecimal.valueOf(min)) < 0
          || number.compareTo(BigDecimal.valueOf(max)) > 0) {
        problem(
            field,
            number.toPlainString()
                + " is out of range"
                + (min == 1 ? ": it must be positive" : ""));
        return null;
      }
      return number.intValueExact();
    }

    /** An exact decimal from a string ("0.0001", preferred) or a number. */
    BigDecimal decimal(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (value.isNumber()) {
        return value.decimalValue();
      }
      if (value.isTextual()) {
        String text = value.textValue().trim();
        try {
          return new BigDecimal(text);
        } catch (NumberFormatException e) {
          problem(
              field,
              "'" + text + "' is not a decimal number: write it as a string such as \"0.0001\"");
          return null;
        }
      }
      problem(field, "must be a decimal number such as \"0.0001\", found " + describe(value));
      return null;
    }

    List<String> stringList(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (value.isValueNode()) {
        // allowedRegions: us-east-1 — a single region without brackets.
        return List.of(value.asText());
      }
      if (!value.isArray()) {
        problem(field, "must be a list of regions, e.g. [us-east-1, eastus]");
        return null;
      }
      List<String> list = new ArrayList<>();
      for (JsonNode item : value) {
        if (!item.isValueNode() || item.isNull()) {
          problem(field, "must hold region names only, found " + describe(item));
          return null;
        }
        list.add(item.asText());
      }
      return list;
    }

    Provider provider(String field) {
      String text = text(field, true);
      if (text == null) {
        return null;
      }
      for (Provider p : Provider.values()) {
        if (p.name().equalsIgnoreCase(text.trim())) {
          return p;
        }
      }
      problem(field, "unknown provider '" + text + "': use " + PolicyRules.providerNames());
      return null;
    }

    RoutingStrategy strategy(String field) {
      String text = text(field, true);
      if (text == null) {
        return null;
      }
      String normalized = text.trim().replace('-', '_').toUpperCase(Locale.ROOT);
      for (RoutingStrategy s : RoutingStrategy.values()) {
        if (s.name().equals(normalized)) {
          return s;
        }
      }
      problem(
          field,
          "unknown strategy '"
              + text
              + "': use one of "
              + Arrays.stream(RoutingStrategy.values())
                  .map(Enum::name)
                  .collect(Collectors.joining(", ")));
      return null;
    }

    Architecture architecture(String field) {
      String text = text(field, false);
      if (text == null) {
        return null;
      }
      switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "x86_64", "x86-64", "amd64":
          return Architecture.X86_64;
        case "arm64", "aarch64":
          return Architecture.ARM64;
        default:
          problem(field, "unknown architecture '" + text + "': use x86_64 or arm64");
          return null;
      }
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type, boolean required, String allowed) {
      String text = text(field, required);
      if (text == null) {
        return null;
      }
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(text.trim())) {
          return e;
        }
      }
      problem(field, "unknown value '" + text + "': use " + allowed);
      return null;
    }
  }
}
