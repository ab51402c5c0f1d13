import io.tracejob.agent.bpf.BpfMap;
import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.programs.TraceMaps;

/**
 * Prints the agent's own statement of its map memory (TraceMaps.kernelBytes) for a significantDigits value,
 * by creating the real maps once (root needed). Run as a single-file program against the agent jar:
 * java -cp tracejob-agent.jar KernelBytes.java [DIGITS]
 */
public class KernelBytes {
    public static void main(String[] args) throws Exception {
        int digits = args.length > 0 ? Integer.parseInt(args[0]) : HdrLayout.DEFAULT_DIGITS;
        HdrLayout layout = HdrLayout.latency(digits);
        try (TraceMaps maps = TraceMaps.create(layout)) {
            System.out.printf("digits=%d buckets=%d cpus=%d kernelBytes=%d%n",
                    digits, layout.length(), BpfMap.possibleCpus(), maps.kernelBytes());
        }
    }
}
