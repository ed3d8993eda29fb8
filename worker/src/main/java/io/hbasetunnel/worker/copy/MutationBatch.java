package io.hbasetunnel.worker.copy;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.client.Mutation;

/**
 * Mutations decoded from the snapshot, sent together by one writer. Sized by bytes (not count)
 * so memory stays bounded whatever the cell size; cut only between rows, so a row's puts and
 * delete markers always travel together, in order.
 */
final class MutationBatch {
  /** Ends the stream of batches for the writers. */
  static final MutationBatch END = new MutationBatch();

  private final List<Mutation> mutations = new ArrayList<>();
  private long bytes;

  void add(Mutation mutation) {
    mutations.add(mutation);
    bytes += mutation.heapSize();
  }

  long bytes() {
    return bytes;
  }

  boolean isEmpty() {
    return mutations.isEmpty();
  }

  List<Mutation> mutations() {
    return mutations;
  }
}
