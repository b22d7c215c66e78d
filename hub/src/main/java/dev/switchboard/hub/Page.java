package dev.switchboard.hub;

import java.util.List;

/**
 * One page of a listing. Thread-safe (immutable).
 *
 * @param items this page's items
 * @param continuationToken an opaque token for the next page, or null on the last page
 */
public record Page<T>(List<T> items, String continuationToken) {
  public Page {
    items = List.copyOf(items);
  }

  public boolean hasMore() {
    return continuationToken != null;
  }
}
