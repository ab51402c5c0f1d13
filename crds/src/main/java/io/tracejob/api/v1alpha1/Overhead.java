package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What the probe cost the target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"firings", "firingsPerSecond", "bpfNanosPerFiring", "estimatedCpuPercent", "budgetCpuPercent", "dutyCycle", "attachClass",
        "following", "otherProcessFirings", "otherProcessesCpuPercent"})
public class Overhead {

    @JsonPropertyDescription("Probe firings (entry and return each count).")
    private long firings;

    @JsonPropertyDescription("Firings per second while attached.")
    private double firingsPerSecond;

    @JsonPropertyDescription("In-kernel BPF run time per firing, in nanoseconds.")
    private double bpfNanosPerFiring;

    @JsonPropertyDescription("Estimated CPU added to the target, in percent of one core.")
    private double estimatedCpuPercent;

    @JsonPropertyDescription("The budget it was held to (overheadBudget.maxCpuPercent).")
    private double budgetCpuPercent;

    @JsonPropertyDescription("Fraction of the duration the probe was attached (1 when never throttled).")
    private double dutyCycle;

    @JsonPropertyDescription("Kind of instruction patched at the attach site (e.g. int3, nop5, endbr64), which decides the per-call cost.")
    private String attachClass;

    @JsonPropertyDescription("How uprobes reached the target's processes: BinaryWide (one probe for the binary, every new process traced from its first call, other processes mapping the binary trap too) or PerProcess (probes per traced process, other processes untouched).")
    private String following;

    @JsonPropertyDescription("Firings in processes outside the target that map the probed binary (BinaryWide only; 0 means no other process was touched).")
    private Long otherProcessFirings;

    @JsonPropertyDescription("Estimated CPU those firings cost the other processes, in percent of one core.")
    private Double otherProcessesCpuPercent;

    public String getFollowing() { return following; }
    public void setFollowing(String following) { this.following = following; }
    public Long getOtherProcessFirings() { return otherProcessFirings; }
    public void setOtherProcessFirings(Long otherProcessFirings) { this.otherProcessFirings = otherProcessFirings; }
    public Double getOtherProcessesCpuPercent() { return otherProcessesCpuPercent; }
    public void setOtherProcessesCpuPercent(Double otherProcessesCpuPercent) { this.otherProcessesCpuPercent = otherProcessesCpuPercent; }
    public long getFirings() { return firings; }
    public void setFirings(long firings) { this.firings = firings; }
    public double getFiringsPerSecond() { return firingsPerSecond; }
    public void setFiringsPerSecond(double firingsPerSecond) { this.firingsPerSecond = firingsPerSecond; }
    public double getBpfNanosPerFiring() { return bpfNanosPerFiring; }
    public void setBpfNanosPerFiring(double bpfNanosPerFiring) { this.bpfNanosPerFiring = bpfNanosPerFiring; }
    public double getEstimatedCpuPercent() { return estimatedCpuPercent; }
    public void setEstimatedCpuPercent(double estimatedCpuPercent) { this.estimatedCpuPercent = estimatedCpuPercent; }
    public double getBudgetCpuPercent() { return budgetCpuPercent; }
    public void setBudgetCpuPercent(double budgetCpuPercent) { this.budgetCpuPercent = budgetCpuPercent; }
    public double getDutyCycle() { return dutyCycle; }
    public void setDutyCycle(double dutyCycle) { this.dutyCycle = dutyCycle; }
    public String getAttachClass() { return attachClass; }
    public void setAttachClass(String attachClass) { this.attachClass = attachClass; }
}
