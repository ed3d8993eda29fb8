package io.hbasetunnel.testing;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The class order of a JVM that runs {@link SharedClusters} classes: those that leave the
 * clusters changed last, so that the others find the pair unchanged; by name otherwise.
 * Configured as {@code junit.jupiter.testclass.order.default}.
 */
public final class SharedClustersOrder implements ClassOrderer {
  @Override
  public void orderClasses(ClassOrdererContext context) {
    context.getClassDescriptors().sort(Comparator.comparing(SharedClustersOrder::changesClusters)
        .thenComparing(descriptor -> descriptor.getTestClass().getName()));
  }

  private static boolean changesClusters(ClassDescriptor descriptor) {
    SharedClusters shared = descriptor.getTestClass().getAnnotation(SharedClusters.class);
    return shared == null || shared.changesClusters();
  }
}
