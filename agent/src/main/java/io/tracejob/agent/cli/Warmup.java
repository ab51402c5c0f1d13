package io.tracejob.agent.cli;

import io.tracejob.agent.sys.Syscalls;
import io.tracejob.api.v1alpha1.read.SpecReader;
import io.tracejob.api.v1alpha1.validation.SpecValidator;
import java.io.File;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Start-to-attached time is mostly class loading: SnakeYAML and the spec reader's reflection over
 * the model, JNA loading its native stub, the engine's own classes. On the main thread these come
 * one after another. Here the spec reader starts on a daemon thread as soon as {@code main} runs,
 * alongside picocli's parsing, and the engine's classes start on another once a tracing command
 * begins, while the main thread reads the spec: two busy threads for the node's two cores, not
 * three, so the main thread's own work is not slowed by the rest. Nothing here reads a file the
 * user named or makes a bpf or perf call (the hostile-input tests count those): a run refused for
 * bad input loses only a little CPU. Best effort: a failure here is ignored, the main thread will
 * meet it again and report it.
 */
final class Warmup {
    private Warmup() {}

    /**
     * A manifest using every section the agent reads, so that every class and setter the real one
     * needs is loaded.
     */
    static final String BUILT_IN =
            """
            apiVersion: tracing.tracejob.io/v1alpha1
            kind: TraceJob
            metadata: {name: warmup, namespace: default, labels: {app: warmup}}
            spec:
              target: {podName: warmup, container: app, pick: Any}
              probe: {family: Uprobe, binary: /usr/bin/warmup, function: warmup, measure: Latency}
              duration: 10s
              interval: 5s
              overheadBudget: {maxCpuPercent: 1.0, onExceed: DutyCycle}
              histogram: {significantDigits: 2}
            """;

    /**
     * Packages on the way to the first probe: their classes are loaded (not initialised) ahead of
     * time.
     */
    static final List<String> ENGINE_PACKAGES =
            List.of(
                    "engine",
                    "bpf",
                    "perf",
                    "elf",
                    "probe",
                    "programs",
                    "histogram",
                    "trace",
                    "proc",
                    "sys",
                    "container");

    /** From {@code main}: SnakeYAML, the spec reader and the validator, over the API model. */
    static void startModel() {
        daemon(
                "tracejob-warmup-model",
                () -> SpecValidator.check(SpecReader.readManifest(BUILT_IN, "warm-up")));
    }

    /** From a tracing command, once picocli is done: JNA and the engine's classes. */
    static void startEngine() {
        daemon(
                "tracejob-warmup-engine",
                () -> {
                    Syscalls.prepare();
                    loadEnginePackages();
                });
    }

    private static void loadEnginePackages() throws Exception {
        var source = Warmup.class.getProtectionDomain().getCodeSource();
        if (source == null) return;
        File jar = new File(source.getLocation().toURI());
        if (!jar.isFile()) return; // classes directory (tests): nothing to gain
        ClassLoader loader = Warmup.class.getClassLoader();
        try (JarFile file = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class") || !inEngine(name)) continue;
                Class.forName(
                        name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
            }
        }
    }

    private static boolean inEngine(String entry) {
        if (!entry.startsWith("io/tracejob/agent/")) return false;
        String rest = entry.substring("io/tracejob/agent/".length());
        int slash = rest.indexOf('/');
        return slash > 0 && ENGINE_PACKAGES.contains(rest.substring(0, slash));
    }

    private interface Work {
        void run() throws Exception;
    }

    private static void daemon(String name, Work work) {
        Thread t =
                new Thread(
                        () -> {
                            try {
                                work.run();
                            } catch (Throwable ignored) {
                                // best effort, see the class comment
                            }
                        },
                        name);
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        t.start();
    }
}
