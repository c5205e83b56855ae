package dev.jitgate.admin;

import java.util.List;

/**
 * The wrapper of every list response: {@code {"items":[...]}}.
 *
 * @param items the listed values
 * @param <T> the element type
 */
record Items<T>(List<T> items) {
  Items {
    items = List.copyOf(items);
  }
}
