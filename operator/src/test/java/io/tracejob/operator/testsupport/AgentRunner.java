package io.tracejob.operator.testsupport;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * What the fake kubelet does with an agent pod once "running": a fake returns a prepared
 * termination; the end-to-end runner will run the real agent with the pod's own arguments and
 * return its termination message. Runs on the kubelet's worker thread and may block.
 */
@FunctionalInterface
public interface AgentRunner {
    Termination run(Pod agentPod) throws Exception;
}
