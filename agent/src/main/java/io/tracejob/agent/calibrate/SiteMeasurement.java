package io.tracejob.agent.calibrate;

/**
 * What one calibration site cost.
 *
 * @param key the {@code CLASS/Measure} key its figure is stored under, or null
 * @param untracedNanosPerCall median of the target thread's CPU ns per call with no probe attached
 * @param tracedNanosPerCall median of the same with the engine's probes attached
 * @param tracedWallNanosPerCall wall-clock ns per call of that median traced run, for reference
 * @param bpfNanosPerFiring the programs' run time per firing, from the kernel's program stats (0
 *     when they were not permitted: BPF_ENABLE_STATS needs CAP_SYS_ADMIN)
 * @param firings program runs the programs counted during the traced window
 * @param trapNanosPerFiring what a firing costs beyond the BPF program: (traced − untraced) /
 *     firings per call − BPF ns per firing, at least 0
 * @param nanosPerFiring what a firing costs the target in all, trap and program: (traced −
 *     untraced) / firings per call
 */
public record SiteMeasurement(
        String name,
        String attachClass,
        String attachPoint,
        int firingsPerCall,
        boolean classFigure,
        String key,
        double untracedNanosPerCall,
        double tracedNanosPerCall,
        double tracedWallNanosPerCall,
        double bpfNanosPerFiring,
        long firings,
        long trapNanosPerFiring,
        long nanosPerFiring) {

    static long totalNanos(double untraced, double traced, int firingsPerCall) {
        return Math.max(0, Math.round((traced - untraced) / firingsPerCall));
    }

    static long trapNanos(
            double untraced, double traced, int firingsPerCall, double bpfNanosPerFiring) {
        return Math.max(0, Math.round((traced - untraced) / firingsPerCall - bpfNanosPerFiring));
    }
}
