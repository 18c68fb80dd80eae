package io.fiso.schemas.serde;

import io.fiso.schemas.registry.CompatibilityLevel;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** A registry client that counts the calls made to the registry behind it. */
final class CountingRegistry implements SchemaRegistryClient {

  private final SchemaRegistryClient delegate;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  CountingRegistry(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  private void count(String method) {
    calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public int register(String subject, Schema schema) {
    count("register");
    return delegate.register(subject, schema);
  }

  @Override
  public SchemaVersion lookup(String subject, Schema schema) {
    count("lookup");
    return delegate.lookup(subject, schema);
  }

  @Override
  public Schema getById(int id) {
    count("getById");
    return delegate.getById(id);
  }

  @Override
  public SchemaVersion getVersion(String subject, int version) {
    count("getVersion");
    return delegate.getVersion(subject, version);
  }

  @Override
  public SchemaVersion getLatest(String subject) {
    count("getLatest");
    return delegate.getLatest(subject);
  }

  @Override
  public List<Integer> getVersions(String subject) {
    count("getVersions");
    return delegate.getVersions(subject);
  }

  @Override
  public List<String> getSubjects() {
    count("getSubjects");
    return delegate.getSubjects();
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    count("testCompatibility");
    return delegate.testCompatibility(subject, schema);
  }

  @Override
  public List<Integer> deleteSubject(String subject) {
    count("deleteSubject");
    return delegate.deleteSubject(subject);
  }

  @Override
  public CompatibilityLevel getCompatibility(String subject) {
    count("getCompatibility");
    return delegate.getCompatibility(subject);
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    count("setCompatibility");
    delegate.setCompatibility(subject, level);
  }
}
