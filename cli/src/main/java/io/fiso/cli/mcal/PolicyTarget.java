package io.fiso.cli.mcal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One target of a policy file, field for field as in the policy file format ({@code
 * docs/policy-format}): provider {@code aws|azure|gcp}, the provider's function identifier, its
 * memory and, where they matter, architecture, FAILOVER priority and Pub/Sub topic.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyTarget(
    String provider,
    String region,
    String target,
    int memoryMb,
    String architecture,
    Integer priority,
    String asyncTarget) {}
