package io.tracejob.agent.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracejob.agent.calibrate.Calibration;
import io.tracejob.agent.sys.NodeIdentity;
import io.tracejob.agent.sys.OwnFiles;
import io.tracejob.api.v1alpha1.contract.AgentPodArguments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * This node's measured costs per firing, kept in one file per node and boot so that later agents on
 * the node reuse them instead of measuring again. The file is named by the kernel release and the
 * boot id ({@code /proc/sys/kernel/random/boot_id}), so a reboot, a new kernel or another node
 * never reads it. It lives in a directory shared by the node's agents: {@code --cost-cache}, else
 * {@code $TRACEJOB_COST_CACHE}, else /tmp (which in an agent pod is the pod's own, so nothing is
 * shared unless the operator mounts a host path).
 */
public final class CostCache {
    public static final String ENV = AgentPodArguments.COST_CACHE_ENV;
    static final Path FALLBACK_DIR = Path.of("/tmp");
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final String kernel;
    private final String bootId;

    CostCache(Path dir, String kernel, String bootId) {
        this.kernel = kernel;
        this.bootId = bootId;
        this.file = dir.resolve("tracejob-costs-" + safe(kernel) + "-" + safe(bootId) + ".json");
    }

    /**
     * The cache of this node and boot in {@code dir}, or in the directory the environment names, or
     * in /tmp.
     */
    public static CostCache of(Path dir) {
        Path d = dir;
        if (d == null && System.getenv(ENV) != null && !System.getenv(ENV).isBlank())
            d = Path.of(System.getenv(ENV));
        if (d == null) d = FALLBACK_DIR;
        return new CostCache(d, NodeIdentity.kernelRelease(), NodeIdentity.bootId());
    }

    public Path file() {
        return file;
    }

    /**
     * The cached figures, or empty when there are none (or the file is not one of ours: it is then
     * measured again).
     */
    Optional<JsonNode> read() {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        try {
            // only our own file: a figure planted by another user of the node (in /tmp, say) would
            // move the budget
            if (!OwnFiles.isOwn(file)) return Optional.empty();
            JsonNode root = JSON.readTree(Files.readString(file));
            if (root == null
                    || !root.path("nanosPerFiring").isObject()
                    || !Calibration.model().equals(root.path("model").asText()))
                return Optional.empty();
            if (!kernel.equals(root.path("kernel").asText())
                    || !bootId.equals(root.path("bootId").asText())) return Optional.empty();
            return Optional.of(root);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Adds the calibration's figures to the file (written to a temporary file and moved into place,
     * so a reader never sees half a file; two agents measuring at once both write, the last one's
     * figures win). Returns the whole content.
     */
    ObjectNode merge(Calibration c) throws IOException {
        ObjectNode root = read().map(n -> (ObjectNode) n).orElseGet(JSON::createObjectNode);
        root.put("model", Calibration.model());
        root.put("kernel", kernel);
        root.put("bootId", bootId);
        root.put("hostname", c.hostname());
        ObjectNode costs = root.with("nanosPerFiring");
        ObjectNode when = root.with("measuredAt");
        String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        for (Map.Entry<String, Long> e : c.nanosPerFiring().entrySet()) {
            costs.put(e.getKey(), e.getValue());
            when.put(e.getKey(), at);
        }
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".tracejob-costs-", ".tmp");
        try {
            Files.writeString(tmp, JSON.writeValueAsString(root));
            Files.move(
                    tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return root;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
