package io.hbasetunnel.local.pods;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Kubernetes node and its controllers do, for the embedded API server that has neither: one loop
 * (woken by informers on Jobs, Deployments and Pods, and at least every second) runs the job controller,
 * the deployment controller, garbage collection of objects whose owner is gone, and the kubelet. The loop
 * reads the API server directly rather than the informer caches, so a pod it created a moment ago is
 * never created twice.
 */
public final class LocalPodRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPodRunner.class);

  private final KubernetesClient client;
  private final String namespace;
  private final LocalKubelet kubelet;
  private final JobController jobs;
  private final DeploymentController deployments;
  private final Semaphore wake = new Semaphore(0);
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final Thread loop;
  private volatile boolean running = true;

  /** @param podEnv environment every pod's process gets (below the container's own), e.g. JAVA_OPTS */
  public LocalPodRunner(KubernetesClient client, String namespace, Path podsDir, Map<String, String> podEnv) {
    this.client = client;
    this.namespace = namespace;
    this.kubelet = new LocalKubelet(client, podsDir, podEnv, wake::release);
    this.jobs = new JobController(client, this::deletePod);
    this.deployments = new DeploymentController(client, this::deletePod);
    this.loop = new Thread(this::loop, "local-pod-runner");
    loop.setDaemon(true);
  }

  public LocalPodRunner start() {
    ResourceEventHandler<HasMetadata> wakeUp = new ResourceEventHandler<>() {
      @Override
      public void onAdd(HasMetadata obj) {
        wake.release();
      }

      @Override
      public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
        wake.release();
      }

      @Override
      public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
        wake.release();
      }
    };
    informers.add(client.batch().v1().jobs().inNamespace(namespace).inform(cast(wakeUp)));
    informers.add(client.apps().deployments().inNamespace(namespace).inform(cast(wakeUp)));
    informers.add(client.pods().inNamespace(namespace).inform(cast(wakeUp)));
    loop.start();
    return this;
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> ResourceEventHandler<T> cast(ResourceEventHandler<HasMetadata> handler) {
    return (ResourceEventHandler<T>) (ResourceEventHandler<?>) handler;
  }

  private void loop() {
    while (running) {
      try {
        wake.tryAcquire(1, TimeUnit.SECONDS);
        wake.drainPermits();
        syncOnce();
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (running) {
          LOG.warn("pod runner pass failed (retried)", e);
        }
      }
    }
  }

  private void syncOnce() {
    List<Job> jobList = client.batch().v1().jobs().inNamespace(namespace).list().getItems();
    List<Deployment> deploymentList = client.apps().deployments().inNamespace(namespace).list().getItems();
    collectOrphans(jobList);
    collectOrphans(deploymentList);
    List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
    List<String> owners = new ArrayList<>();
    jobList.forEach(j -> owners.add(j.getMetadata().getUid()));
    deploymentList.forEach(d -> owners.add(d.getMetadata().getUid()));
    for (Pod pod : pods) {
      OwnerReference owner = controller(pod);
      if (owner != null && ("Job".equals(owner.getKind()) || "Deployment".equals(owner.getKind())) && !owners.contains(owner.getUid())) {
        deletePod(pod);
      }
    }
    pods = client.pods().inNamespace(namespace).list().getItems();
    for (Job job : jobList) {
      jobs.sync(job, pods);
    }
    for (Deployment deployment : deploymentList) {
      deployments.sync(deployment, pods);
    }
    kubelet.sync(client.pods().inNamespace(namespace).list().getItems());
  }

  /** Garbage collection: the mock API server does none, so Jobs and Deployments whose owner is gone go here. */
  private void collectOrphans(List<? extends HasMetadata> objects) {
    for (HasMetadata object : objects) {
      OwnerReference owner = controller(object);
      if (owner == null || object.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      GenericKubernetesResource found = client.genericKubernetesResources(owner.getApiVersion(), owner.getKind())
          .inNamespace(namespace).withName(owner.getName()).get();
      if (found == null || !owner.getUid().equals(found.getMetadata().getUid())) {
        client.resource(object).delete();
      }
    }
  }

  private static OwnerReference controller(HasMetadata object) {
    return object.getMetadata().getOwnerReferences() == null ? null : object.getMetadata().getOwnerReferences().stream()
        .filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(null);
  }

  /** What the API server and kubelet do on a pod delete: stop its process, then the object goes. */
  private void deletePod(Pod pod) {
    kubelet.stop(pod.getMetadata().getUid());
    client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
  }

  @Override
  public void close() {
    running = false;
    loop.interrupt();
    informers.forEach(SharedIndexInformer::close);
    kubelet.close();
  }
}
