package io.tracejob.agent.safety;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracejob.agent.sys.OwnFiles;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The node check's answer kept on disk, so it runs once per node and kernel boot rather than once
 * per trace: {@code uretprobe-seccomp.json} in the per-node cache directory ({@code
 * -Dtracejob.cacheDir}, else {@code TRACEJOB_COST_CACHE}, the host path the operator mounts into
 * agent pods for the node's measured costs too, else {@code java.io.tmpdir/tracejob-cache}), so
 * later agent pods on the node reuse it. An answer is used only when its boot id and kernel release
 * are this node's, and only from a directory and file owned by this agent's user and writable by no
 * one else: a planted "SAFE" must never let a return probe into a filtered process.
 */
final class VerdictCache {
    static final String PROPERTY = "tracejob.cacheDir";

    /**
     * one node cache directory for every per-node answer: the one the operator mounts for measured
     * costs
     */
    static final String ENV = io.tracejob.agent.cost.CostCache.ENV;

    static final String FILE = "uretprobe-seccomp.json";
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    VerdictCache(Path dir) {
        this.dir = dir;
    }

    static VerdictCache configured() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) p = System.getenv(ENV);
        if (p == null || p.isBlank())
            return new VerdictCache(
                    Path.of(System.getProperty("java.io.tmpdir"), "tracejob-cache"));
        return new VerdictCache(Path.of(p));
    }

    Path file() {
        return dir.resolve(FILE);
    }

    /** A trusted SAFE or UNSAFE answer for this node and boot, if one was stored. */
    Optional<ReturnProbeVerdict> read(NodeKey node) {
        Path f = file();
        try {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                    || !OwnFiles.isOwn(dir)
                    || !OwnFiles.isOwn(f)) return Optional.empty();
            ReturnProbeVerdict v = JSON.readValue(Files.readString(f), ReturnProbeVerdict.class);
            if (v == null
                    || v.answer() == null
                    || v.answer() == ReturnProbeVerdict.Answer.UNKNOWN
                    || !v.isFor(node)) return Optional.empty();
            return Optional.of(v.from("cached in " + f + " (checked " + v.checkedAt() + ")"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or not ours: check again
        }
    }

    /**
     * Stores a SAFE or UNSAFE answer; returns why not when the directory cannot hold it (the check
     * then runs each time).
     */
    String write(ReturnProbeVerdict v) {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(
                        dir,
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rwx------")));
            }
            if (!OwnFiles.isOwn(dir))
                return dir + " is not owned by this user or is writable by others";
            Path tmp = Files.createTempFile(dir, FILE, ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(v));
            try {
                Files.move(
                        tmp,
                        file(),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
