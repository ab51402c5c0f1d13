package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What the probe cost the target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "firings",
    "firingsPerSecond",
    "bpfNanosPerFiring",
    "estimatedCpuPercent",
    "budgetCpuPercent",
    "dutyCycle",
    "attachClass",
    "nanosPerFiring",
    "costSource",
    "transitionNanos",
    "budgetHeld",
    "following",
    "otherProcessFirings",
    "otherProcessesCpuPercent"
})
public class Overhead {

    @JsonPropertyDescription("Probe firings (entry and return each count).")
    private long firings;

    @JsonPropertyDescription("Firings per second while attached.")
    private double firingsPerSecond;

    @JsonPropertyDescription(
            "In-kernel BPF run time per firing, in nanoseconds, when the kernel's program stats were permitted (BPF_ENABLE_STATS needs CAP_SYS_ADMIN); else 0.")
    private double bpfNanosPerFiring;

    @JsonPropertyDescription("Estimated CPU added to the target, in percent of one core.")
    private double estimatedCpuPercent;

    @JsonPropertyDescription("The budget it was held to (overheadBudget.maxCpuPercent).")
    private double budgetCpuPercent;

    @JsonPropertyDescription(
            "Fraction of the duration the probe was attached (1 when never throttled).")
    private double dutyCycle;

    @JsonPropertyDescription(
            "Kind of instruction patched at the attach site (e.g. int3, nop5, endbr64), which decides the per-call cost.")
    private String attachClass;

    @JsonPropertyDescription(
            "What one firing cost the target (trap plus program, target thread CPU time), in nanoseconds: the figure behind estimatedCpuPercent; the mean over the trace when the figure was followed during it.")
    private Double nanosPerFiring;

    @JsonPropertyDescription(
            "Where nanosPerFiring came from: followed on this node during the trace (with the figure known before it), measured on this node at start, a cached measurement of this node and kernel, or the fallback constants.")
    private String costSource;

    @JsonPropertyDescription(
            "CPU time charged for attaching, taking out and putting back the probes, in nanoseconds (included in estimatedCpuPercent).")
    private Long transitionNanos;

    @JsonPropertyDescription(
            "False when the budget could not be held: a single attach or take-out already cost more than the budget over the trace.")
    private Boolean budgetHeld;

    @JsonPropertyDescription(
            "How uprobes reached the target's processes: BinaryWide (one probe for the binary, every new process traced from its first call, other processes mapping the binary trap too) or PerProcess (probes per traced process, other processes untouched).")
    private String following;

    @JsonPropertyDescription(
            "Firings in processes outside the target that map the probed binary (BinaryWide only; 0 means no other process was touched).")
    private Long otherProcessFirings;

    @JsonPropertyDescription(
            "Estimated CPU those firings cost the other processes, in percent of one core.")
    private Double otherProcessesCpuPercent;

    public String getFollowing() {
        return following;
    }

    public void setFollowing(String following) {
        this.following = following;
    }

    public Long getOtherProcessFirings() {
        return otherProcessFirings;
    }

    public void setOtherProcessFirings(Long otherProcessFirings) {
        this.otherProcessFirings = otherProcessFirings;
    }

    public Double getOtherProcessesCpuPercent() {
        return otherProcessesCpuPercent;
    }

    public void setOtherProcessesCpuPercent(Double otherProcessesCpuPercent) {
        this.otherProcessesCpuPercent = otherProcessesCpuPercent;
    }

    public long getFirings() {
        return firings;
    }

    public void setFirings(long firings) {
        this.firings = firings;
    }

    public double getFiringsPerSecond() {
        return firingsPerSecond;
    }

    public void setFiringsPerSecond(double firingsPerSecond) {
        this.firingsPerSecond = firingsPerSecond;
    }

    public double getBpfNanosPerFiring() {
        return bpfNanosPerFiring;
    }

    public void setBpfNanosPerFiring(double bpfNanosPerFiring) {
        this.bpfNanosPerFiring = bpfNanosPerFiring;
    }

    public double getEstimatedCpuPercent() {
        return estimatedCpuPercent;
    }

    public void setEstimatedCpuPercent(double estimatedCpuPercent) {
        this.estimatedCpuPercent = estimatedCpuPercent;
    }

    public double getBudgetCpuPercent() {
        return budgetCpuPercent;
    }

    public void setBudgetCpuPercent(double budgetCpuPercent) {
        this.budgetCpuPercent = budgetCpuPercent;
    }

    public double getDutyCycle() {
        return dutyCycle;
    }

    public void setDutyCycle(double dutyCycle) {
        this.dutyCycle = dutyCycle;
    }

    public String getAttachClass() {
        return attachClass;
    }

    public void setAttachClass(String attachClass) {
        this.attachClass = attachClass;
    }

    public Double getNanosPerFiring() {
        return nanosPerFiring;
    }

    public void setNanosPerFiring(Double nanosPerFiring) {
        this.nanosPerFiring = nanosPerFiring;
    }

    public String getCostSource() {
        return costSource;
    }

    public void setCostSource(String costSource) {
        this.costSource = costSource;
    }

    public Long getTransitionNanos() {
        return transitionNanos;
    }

    public void setTransitionNanos(Long transitionNanos) {
        this.transitionNanos = transitionNanos;
    }

    public Boolean getBudgetHeld() {
        return budgetHeld;
    }

    public void setBudgetHeld(Boolean budgetHeld) {
        this.budgetHeld = budgetHeld;
    }
}
