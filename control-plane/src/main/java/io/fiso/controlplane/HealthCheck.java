package io.fiso.controlplane;

/**
 * One readiness check: its name, whether it passes, and what it found (what to fix when it fails).
 */
public record HealthCheck(String name, boolean ok, String detail) {

  public static HealthCheck ok(String name, String detail) {
    return new HealthCheck(name, true, detail);
  }

  public static HealthCheck failing(String name, String detail) {
    return new HealthCheck(name, false, detail);
  }
}
