package io.tracejob.operator.testsupport;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tracejob.operator.agentpod.AgentLabels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the kubelets of every node: sees agent pods appear, moves them to Running, asks the
 * {@link AgentRunner} how they end and writes that as the container's terminated state with its
 * termination message. While {@link #hold()} is in force, pods stay Running until {@link
 * #release()}.
 */
public final class FakeKubelet implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private volatile AgentRunner runner;
    private final ExecutorService workers =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "fake-kubelet");
                        t.setDaemon(true);
                        return t;
                    });
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private volatile AgentRunner onSigterm = pod -> Termination.exit(143, null);
    private final List<String> started = new ArrayList<>();
    private final Semaphore gate = new Semaphore(Integer.MAX_VALUE / 2);
    private volatile boolean held;
    private final Map<String, Integer> activeByNode = new HashMap<>();
    private final Map<String, Integer> maxActiveByNode = new HashMap<>();
    private SharedIndexInformer<Pod> informer;

    public FakeKubelet(KubernetesClient client, String namespace, AgentRunner runner) {
        this.client = client;
        this.namespace = namespace;
        this.runner = runner;
    }

    public FakeKubelet start() {
        informer =
                client.pods()
                        .inNamespace(namespace)
                        .withLabel(AgentLabels.MANAGED_BY, AgentLabels.MANAGED_BY_VALUE)
                        .inform(
                                new ResourceEventHandler<>() {
                                    @Override
                                    public void onAdd(Pod pod) {
                                        schedule(pod);
                                    }

                                    @Override
                                    public void onUpdate(Pod old, Pod pod) {
                                        if (pod.getMetadata().getDeletionTimestamp() != null)
                                            workers.submit(() -> terminate(pod));
                                        else schedule(pod);
                                    }

                                    @Override
                                    public void onDelete(Pod pod, boolean unknown) {}
                                });
        return this;
    }

    /**
     * How an agent ends when its pod is deleted gracefully (the kubelet's SIGTERM): by default it
     * exits 143 without a result.
     */
    public void onSigterm(AgentRunner onSigterm) {
        this.onSigterm = onSigterm;
    }

    /**
     * A graceful delete of a started pod: the agent gets SIGTERM and ends as {@link #onSigterm}
     * says, even while held; the pod stays until its finalizers are gone, as on a real node.
     */
    private void terminate(Pod pod) {
        if (!seen.contains(key(pod))) return;
        try {
            finish(pod, onSigterm.run(pod), Instant.now().toString());
        } catch (Exception e) {
            throw new IllegalStateException(
                    "fake kubelet failed to stop " + pod.getMetadata().getName() + ": " + e, e);
        }
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getName() + "/" + pod.getMetadata().getUid();
    }

    public void runner(AgentRunner runner) {
        this.runner = runner;
    }

    /** Agent pods stay Running from now on until {@link #release()}. */
    public synchronized void hold() {
        held = true;
        gate.drainPermits();
    }

    public synchronized void release() {
        held = false;
        gate.release(Integer.MAX_VALUE / 2);
    }

    /**
     * Names of agent pods this kubelet has started, in order (a pod recreated under the same name
     * counts again).
     */
    public synchronized List<String> started() {
        return List.copyOf(started);
    }

    private void schedule(Pod pod) {
        String key = key(pod);
        if (pod.getStatus() != null && pod.getStatus().getPhase() != null) return;
        if (!seen.add(key)) return;
        synchronized (this) {
            started.add(pod.getMetadata().getName());
        }
        workers.submit(() -> lifecycle(pod));
    }

    private void lifecycle(Pod pod) {
        try {
            Termination end = runner.run(pod);
            if (end.nothingHappens()) return;
            if (end.waitingReason() != null) {
                write(
                        pod,
                        new PodStatusBuilder()
                                .withPhase("Pending")
                                .addToContainerStatuses(
                                        new ContainerStatusBuilder()
                                                .withName("agent")
                                                .withReady(false)
                                                .withImage(
                                                        pod.getSpec()
                                                                .getContainers()
                                                                .get(0)
                                                                .getImage())
                                                .withNewState()
                                                .withNewWaiting()
                                                .withReason(end.waitingReason())
                                                .withMessage("failed to pull image: not found")
                                                .endWaiting()
                                                .endState()
                                                .build())
                                .build());
                return;
            }
            String now = Instant.now().toString();
            // the Running write and a SIGTERM's terminated write never cross: the later one would
            // win
            synchronized (lockOf(pod)) {
                if (ended.contains(key(pod))) return; // stopped before it ran
                write(
                        pod,
                        new PodStatusBuilder()
                                .withPhase("Running")
                                .withStartTime(now)
                                .addToContainerStatuses(
                                        new ContainerStatusBuilder()
                                                .withName("agent")
                                                .withReady(true)
                                                .withImage(
                                                        pod.getSpec()
                                                                .getContainers()
                                                                .get(0)
                                                                .getImage())
                                                .withContainerID(
                                                        "containerd://agent-"
                                                                + pod.getMetadata().getUid())
                                                .withNewState()
                                                .withNewRunning()
                                                .withStartedAt(now)
                                                .endRunning()
                                                .endState()
                                                .build())
                                .build());
            }
            String node = pod.getSpec().getNodeName();
            synchronized (this) {
                int now2 = activeByNode.merge(node, 1, Integer::sum);
                maxActiveByNode.merge(node, now2, Math::max);
            }
            if (held) {
                gate.acquire();
                gate.release();
            }
            finish(pod, end, now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "fake kubelet failed on " + pod.getMetadata().getName() + ": " + e, e);
        }
    }

    /** Most agent pods this kubelet had running at once on {@code node}. */
    public synchronized int maxActive(String node) {
        return maxActiveByNode.getOrDefault(node, 0);
    }

    private void finish(Pod pod, Termination end, String now) {
        synchronized (lockOf(pod)) {
            finishOnce(pod, end, now);
        }
    }

    private Object lockOf(Pod pod) {
        return locks.computeIfAbsent(key(pod), k -> new Object());
    }

    private void finishOnce(Pod pod, Termination end, String now) {
        if (!ended.add(key(pod))) return; // stopped by SIGTERM meanwhile, or the other way round
        // Counted as ended before the status says so, so that the next agent the operator starts is
        // never
        // counted together with this one.
        synchronized (this) {
            activeByNode.merge(pod.getSpec().getNodeName(), -1, Integer::sum);
        }
        {
            if (client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get()
                    == null) return;
            PodStatusBuilder b =
                    new PodStatusBuilder()
                            .withPhase(
                                    end.podReason() != null
                                                    || end.exitCode() == null
                                                    || end.exitCode() != 0
                                            ? "Failed"
                                            : "Succeeded")
                            .withReason(end.podReason())
                            .withMessage(end.podMessage())
                            .withStartTime(now);
            if (end.containerRan()) {
                b.addToContainerStatuses(
                        new ContainerStatusBuilder()
                                .withName("agent")
                                .withReady(false)
                                .withImage(pod.getSpec().getContainers().get(0).getImage())
                                .withContainerID("containerd://agent-" + pod.getMetadata().getUid())
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(end.exitCode())
                                .withReason(end.containerReason())
                                .withMessage(end.message())
                                .withStartedAt(now)
                                .withFinishedAt(Instant.now().toString())
                                .endTerminated()
                                .endState()
                                .build());
            }
            write(pod, b.build());
        }
    }

    private void write(Pod pod, PodStatus status) {
        try {
            client.pods()
                    .inNamespace(namespace)
                    .withName(pod.getMetadata().getName())
                    .editStatus(
                            p -> {
                                p.setStatus(status);
                                return p;
                            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404)
                throw e; // deleted meanwhile: like a real kubelet, nothing to report
        }
    }

    @Override
    public void close() {
        release();
        if (informer != null) informer.close();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
