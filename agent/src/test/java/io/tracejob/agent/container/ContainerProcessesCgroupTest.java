package io.tracejob.agent.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.agent.testsupport.TestCgroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real cgroups shaped like the runtimes', a real process moved in, found again by container ID. */
class ContainerProcessesCgroupTest {
    private static final Path V1_PIDS = Path.of("/sys/fs/cgroup/pids");
    private static final Path V1_CPU = Path.of("/sys/fs/cgroup/cpu");
    private static final Path V2 = Path.of("/sys/fs/cgroup/unified");

    @TempDir static Path tmp;
    static Path forker;

    String id;
    String uid;
    String top;

    @BeforeAll
    static void compile() throws Exception {
        forker = Gcc.compile("prod_forker.c", tmp, "prod_forker");
    }

    @BeforeEach
    void names() {
        Kernel.requireEbpf();
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        id = HexFormat.of().formatHex(b);
        uid = UUID.randomUUID().toString();
        top = "tjtest-" + id.substring(0, 8);
    }

    private static boolean mounted(Path hierarchy) {
        return Files.exists(hierarchy.resolve("cgroup.procs"));
    }

    @Test
    void v1CgroupfsContainerdFindsTheProcessAndItsForkedChild() throws Exception {
        Kernel.require(mounted(V1_PIDS), "cgroup v1 pids hierarchy at " + V1_PIDS);
        try (TestCgroup cg =
                        new TestCgroup(V1_PIDS, top + "/kubepods/burstable/pod" + uid + "/" + id);
                TargetProcess t = TargetProcess.start(forker)) {
            t.expect("ready");
            cg.enter(t.pid());
            t.send("fork");
            int child = Integer.parseInt(t.expect("child=").substring("child=".length()));

            ContainerMatch m = ContainerProcesses.find("containerd://" + id, uid);

            assertThat(m.pids()).containsExactly(t.pid(), child);
            assertThat(m.cgroupVersion()).isEqualTo(1);
            assertThat(m.cgroupPathMatched())
                    .isEqualTo("/" + top + "/kubepods/burstable/pod" + uid + "/" + id);
            assertThat(m.fullId()).isEqualTo(id);
            assertThat(cg.procs())
                    .containsExactlyInAnyOrder(Integer.toString(t.pid()), Integer.toString(child));
        }
    }

    @Test
    void v1SystemdCrioScopeWithEscapedPodUid() throws Exception {
        Kernel.require(mounted(V1_CPU), "cgroup v1 cpu hierarchy at " + V1_CPU);
        String u = uid.replace('-', '_');
        String path =
                top
                        + "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                        + u
                        + ".slice/crio-"
                        + id
                        + ".scope";
        try (TestCgroup cg = new TestCgroup(V1_CPU, path);
                TargetProcess t = TargetProcess.start(forker);
                TargetProcess bystander = TargetProcess.start(forker)) {
            t.expect("ready");
            bystander.expect("ready");
            cg.enter(t.pid());

            ContainerMatch m = ContainerProcesses.find("cri-o://" + id, uid);

            assertThat(m.pids()).containsExactly(t.pid());
            assertThat(m.cgroupPathMatched()).endsWith("/crio-" + id + ".scope");
            // the same cgroup is not another runtime's container
            assertThatThrownBy(() -> ContainerProcesses.find("containerd://" + id, uid))
                    .isInstanceOf(ContainerNotFoundException.class);
        }
    }

    @Test
    void v2SystemdContainerdScopeAndShortId() throws Exception {
        Kernel.require(mounted(V2), "cgroup2 hierarchy at " + V2);
        String u = uid.replace('-', '_');
        String path =
                top
                        + ".slice/kubepods-besteffort.slice/kubepods-besteffort-pod"
                        + u
                        + ".slice/cri-containerd-"
                        + id
                        + ".scope";
        try (TestCgroup cg = new TestCgroup(V2, path);
                TargetProcess t = TargetProcess.start(forker)) {
            t.expect("ready");
            cg.enter(t.pid());
            t.send("fork");
            int child = Integer.parseInt(t.expect("child=").substring("child=".length()));

            ContainerMatch full = ContainerProcesses.find("containerd://" + id, uid);
            ContainerMatch shortId =
                    ContainerProcesses.find("containerd://" + id.substring(0, 12), uid);

            assertThat(full.pids()).containsExactly(t.pid(), child);
            assertThat(full.cgroupVersion()).isEqualTo(2);
            assertThat(full.cgroupPathMatched()).isEqualTo("/" + path);
            assertThat(shortId.pids()).isEqualTo(full.pids());
            assertThat(shortId.fullId()).isEqualTo(id);
        }
    }

    @Test
    void dockerScopeUnderAnotherPodIsNotThisContainerAndTheMessageSaysSo() throws Exception {
        Kernel.require(mounted(V2), "cgroup2 hierarchy at " + V2);
        String otherPod = UUID.randomUUID().toString().replace('-', '_');
        String path = top + ".slice/kubepods-pod" + otherPod + ".slice/docker-" + id + ".scope";
        try (TestCgroup cg = new TestCgroup(V2, path);
                TargetProcess t = TargetProcess.start(forker)) {
            t.expect("ready");
            cg.enter(t.pid());

            assertThatThrownBy(() -> ContainerProcesses.find("docker://" + id, uid))
                    .isInstanceOf(ContainerNotFoundException.class)
                    .hasMessageContaining("not under this pod's cgroup")
                    .hasMessageContaining(path);
        }
    }

    @Test
    void notFoundSaysWhatWasSearchedAndWhere() throws Exception {
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        assertThatThrownBy(() -> ContainerProcesses.find("containerd://" + id, uid))
                .isInstanceOf(ContainerNotFoundException.class)
                .hasMessageContaining("not found on node " + hostname)
                .hasMessageMatching("(?s).*scanned /proc/<pid>/cgroup of [1-9][0-9]* processes.*")
                .hasMessageContaining("/pod" + uid + "/" + id)
                .hasMessageContaining(
                        "pod" + uid.replace('-', '_') + ".slice/cri-containerd-" + id + ".scope");
    }

    @Test
    void argumentsAreValidatedBeforeAnyScan() {
        List.of(
                        "",
                        "abc",
                        "containerd:/" + "a".repeat(64),
                        "rkt://" + "a".repeat(64),
                        "containerd://" + "A".repeat(64),
                        "containerd://" + "a".repeat(11),
                        "containerd://" + "a".repeat(65),
                        "containerd://" + "a".repeat(63) + "\n",
                        "containerd://../../etc")
                .forEach(
                        bad ->
                                assertThatThrownBy(() -> ContainerProcesses.find(bad, uid))
                                        .isInstanceOf(IllegalArgumentException.class)
                                        .hasMessageStartingWith("--container-id"));
        List.of(
                        "",
                        "pod",
                        uid + "0",
                        uid.replace('-', '_'),
                        "../" + uid,
                        uid.substring(1) + "g",
                        "x".repeat(10_000))
                .forEach(
                        bad ->
                                assertThatThrownBy(
                                                () ->
                                                        ContainerProcesses.find(
                                                                "docker://" + id, bad))
                                        .isInstanceOf(IllegalArgumentException.class)
                                        .hasMessageStartingWith("--pod-uid"));
        assertThatThrownBy(() -> ContainerProcesses.find(null, null))
                .hasMessageStartingWith("--container-id");
    }
}
