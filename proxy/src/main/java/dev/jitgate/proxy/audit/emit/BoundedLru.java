package dev.jitgate.proxy.audit.emit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** A map holding at most {@code capacity} entries, forgetting the least recently used one; counts evictions. */
final class BoundedLru<K, V> {
  private final int capacity;
  private final LinkedHashMap<K, V> map;
  private long evictions;

  BoundedLru(int capacity) {
    this.capacity = capacity;
    this.map = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        if (size() > BoundedLru.this.capacity) {
          evictions++;
          return true;
        }
        return false;
      }
    };
  }

  V get(K key) {
    return map.get(key);
  }

  void put(K key, V value) {
    map.put(key, value);
  }

  void remove(K key) {
    map.remove(key);
  }

  void removeIf(Predicate<V> test) {
    map.values().removeIf(test);
  }

  int size() {
    return map.size();
  }

  long evictions() {
    return evictions;
  }
}
