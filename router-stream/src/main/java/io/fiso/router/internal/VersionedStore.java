package io.fiso.router.internal;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A byte store that moves a {@link StateVersion} on after every change to it (put, delete, init,
 * close), so the router notices any change to the global stores its remembered decisions depend on,
 * whoever makes it. A put or delete of one key moves what its store's {@link Invalidation} says: by
 * default the global version; the provider statistics move only their function's version, and a
 * budget status that blocks nothing moves none. Everything else is the wrapped store's.
 */
final class VersionedStore implements KeyValueStore<Bytes, byte[]> {

  /** What a put or delete of one key moves on, after the change. */
  @FunctionalInterface
  interface Invalidation {
    /**
     * @param value the new value's bytes, null for a delete
     */
    void changed(StateVersion version, Bytes key, byte[] value);

    /** Every remembered decision. */
    Invalidation EVERY_DECISION = (version, key, value) -> version.changed();
  }

  /**
   * Supplies {@code inner}'s stores; a put or delete moves what {@code invalidation} says, any
   * other change (init, close, putAll) the global version.
   */
  static KeyValueBytesStoreSupplier supplier(
      KeyValueBytesStoreSupplier inner, StateVersion version, Invalidation invalidation) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return inner.name();
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return new VersionedStore(inner.get(), version, invalidation);
      }

      @Override
      public String metricsScope() {
        return inner.metricsScope();
      }
    };
  }

  private final KeyValueStore<Bytes, byte[]> inner;
  private final StateVersion version;
  private final Invalidation invalidation;

  VersionedStore(
      KeyValueStore<Bytes, byte[]> inner, StateVersion version, Invalidation invalidation) {
    this.inner = inner;
    this.version = version;
    this.invalidation = invalidation;
  }

  /** After a put ({@code value} non-null) or delete of {@code key}. */
  private void changed(Bytes key, byte[] value) {
    if (key == null) {
      version.changed();
    } else {
      invalidation.changed(version, key, value);
    }
  }

  @Override
  public void put(Bytes key, byte[] value) {
    try {
      inner.put(key, value);
    } finally {
      changed(key, value);
    }
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    try {
      return inner.putIfAbsent(key, value);
    } finally {
      version.changed(); // whether it was written is not known here
    }
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    try {
      inner.putAll(entries);
    } finally {
      version.changed();
    }
  }

  @Override
  public byte[] delete(Bytes key) {
    try {
      return inner.delete(key);
    } finally {
      changed(key, null);
    }
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    try {
      inner.init(context, root);
    } finally {
      version.changed();
    }
  }

  @Override
  public void close() {
    try {
      inner.close();
    } finally {
      version.changed();
    }
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void flush() {
    inner.flush();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    inner.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
    return inner.query(query, bound, config);
  }

  @Override
  public long approximateNumUncommittedBytes() {
    return inner.approximateNumUncommittedBytes();
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }

  @Override
  public byte[] get(Bytes key) {
    return inner.get(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return inner.range(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
    return inner.reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return inner.all();
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseAll() {
    return inner.reverseAll();
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(
      P prefix, PS prefixKeySerializer) {
    return inner.prefixScan(prefix, prefixKeySerializer);
  }

  @Override
  public long approximateNumEntries() {
    return inner.approximateNumEntries();
  }
}
