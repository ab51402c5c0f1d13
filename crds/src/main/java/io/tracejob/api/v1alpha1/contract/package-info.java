/**
 * The contract between the operator and the agent it runs in an agent pod: the {@code pod}
 * subcommand's arguments ({@link io.tracejob.api.v1alpha1.contract.AgentPodArguments}), what the
 * agent's exit code means ({@link io.tracejob.api.v1alpha1.contract.AgentExitCode}) and the shape
 * and size of the termination message the operator reads back ({@link
 * io.tracejob.api.v1alpha1.contract.TerminationMessageFormat}). The Linux capabilities the pod
 * grants are {@link io.tracejob.api.v1alpha1.AgentPrivileges}. Both sides compile against these
 * constants, so a name or code changed on one side cannot silently stop matching the other; the
 * operator and the agent of one release must still ship together, since an older agent image keeps
 * the older contract.
 */
package io.tracejob.api.v1alpha1.contract;
