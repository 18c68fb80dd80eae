package io.fiso.bench.harness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one benchmark run found: where it ran, with which settings, the figures (each the
 * median of repeated runs) and the ratios to the baselines measured in the same run.
 */
public final class Report {

  private final String benchmark;
  private final String title;
  private final Instant started;
  private final Machine machine;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final List<Figure> figures = new ArrayList<>();
  private final List<Ratio> ratios = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private Instant finished;

  public Report(String benchmark, String title, Instant started, Machine machine) {
    this.benchmark = Objects.requireNonNull(benchmark, "benchmark");
    this.title = Objects.requireNonNull(title, "title");
    this.started = Objects.requireNonNull(started, "started");
    this.machine = Objects.requireNonNull(machine, "machine");
  }

  /** Where the run happened beyond the machine: broker, registry, CPU contention. */
  public Report environment(String key, String value) {
    environment.put(key, value);
    return this;
  }

  public Report setting(String key, Object value) {
    settings.put(key, String.valueOf(value));
    return this;
  }

  public Report figure(Figure figure) {
    figures.add(figure);
    return this;
  }

  public Report ratio(Ratio ratio) {
    ratios.add(ratio);
    return this;
  }

  public Report note(String note) {
    notes.add(note);
    return this;
  }

  public Report finished(Instant at) {
    this.finished = at;
    return this;
  }

  public String benchmark() {
    return benchmark;
  }

  public String title() {
    return title;
  }

  public Instant started() {
    return started;
  }

  public Instant finishedAt() {
    return finished;
  }

  public Machine machine() {
    return machine;
  }

  public Map<String, String> environment() {
    return new LinkedHashMap<>(environment);
  }

  public Map<String, String> settings() {
    return new LinkedHashMap<>(settings);
  }

  public List<Figure> figures() {
    return List.copyOf(figures);
  }

  public List<Ratio> ratios() {
    return List.copyOf(ratios);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }
}
