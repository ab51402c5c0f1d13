package io.tracejob.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** /proc/PID/cgroup contents as each runtime and cgroup version leaves them, parsed and matched. */
class CgroupLineTest {
    static final String ID = "4f0e8c6d2b1a39587a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a";
    static final String OTHER_ID =
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String UID = "3f2a9c1e-7b4d-4e1a-9c3b-0a1b2c3d4e5f";
    static final String UID_ = "3f2a9c1e_7b4d_4e1a_9c3b_0a1b2c3d4e5f";

    private static ContainerCgroupPattern.Verdict verdict(String runtimeId, String path) {
        return new ContainerCgroupPattern(ContainerId.parse(runtimeId), PodUid.parse(UID))
                .test(path)
                .verdict();
    }

    @Test
    void parsesV1HybridFile() {
        String file =
                """
                12:pids:/kubepods/burstable/pod%1$s/%2$s
                11:cpu,cpuacct:/kubepods/burstable/pod%1$s/%2$s
                1:name=systemd:/kubepods/burstable/pod%1$s/%2$s
                0::/
                """
                        .formatted(UID, ID);
        List<CgroupLine> lines = CgroupLine.parse(file);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1))
                .isEqualTo(
                        new CgroupLine(
                                11, "cpu,cpuacct", "/kubepods/burstable/pod" + UID + "/" + ID));
        assertThat(lines.get(1).version()).isEqualTo(1);
        assertThat(lines.get(2).controllers()).isEqualTo("name=systemd");
        assertThat(lines.get(3)).isEqualTo(new CgroupLine(0, "", "/"));
        assertThat(lines.get(3).version()).isEqualTo(2);
    }

    @Test
    void parsesV2LineWithColonInPathAndSkipsJunk() {
        List<CgroupLine> lines = CgroupLine.parse("0::/a:b/c\nnot a line\nx:y:z\n\n");
        assertThat(lines).containsExactly(new CgroupLine(0, "", "/a:b/c"));
    }

    @Test
    void containerdShapes() {
        // cgroupfs driver (v1 and v2 alike)
        assertThat(verdict("containerd://" + ID, "/kubepods/burstable/pod" + UID + "/" + ID))
                .isEqualTo(ContainerCgroupPattern.Verdict.MATCH);
        assertThat(verdict("containerd://" + ID, "/kubepods/pod" + UID + "/" + ID))
                .isEqualTo(ContainerCgroupPattern.Verdict.MATCH);
        // systemd driver, cgroup v2, seen from inside the agent's own cgroup namespace
        assertThat(
                        verdict(
                                "containerd://" + ID,
                                "/../../kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod"
                                        + UID_
                                        + ".slice/cri-containerd-"
                                        + ID
                                        + ".scope"))
                .isEqualTo(ContainerCgroupPattern.Verdict.MATCH);
        // guaranteed QoS pods sit directly under kubepods.slice
        assertThat(
                        verdict(
                                "containerd://" + ID,
                                "/kubepods.slice/kubepods-pod"
                                        + UID_
                                        + ".slice/cri-containerd-"
                                        + ID
                                        + ".scope"))
                .isEqualTo(ContainerCgroupPattern.Verdict.MATCH);
    }

    @Test
    void crioShapes() {
        assertThat(
                        verdict(
                                "cri-o://" + ID,
                                "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                                        + UID_
                                        + ".slice/crio-"
                                        + ID
                                        + ".scope"))
                .isEqualTo(ContainerCgroupPattern.Verdict.MATCH);
        assertThat(verdict("cri-o://" + ID, "/kubepods/burstable/pod" + UID + "/crio-" + ID))
                .isEqualTo(ContainerCgroupPattern.Verdict.MATCH);
        // conmon, CRI-O's monitor process, is not the container
        assertThat(
                        verdict(
                                "cri-o://" + ID,
                                "/kubepods.slice/kubepods-pod"
                                        + UID_
                                        + ".slice/crio-conmon-"
                                        + ID
                                        + ".scope"))
                .isEqualTo(ContainerCgroupPattern.Verdict.NONE);
    }

    @Test
    void dockerShapes() {
        assertThat(
                        verdict(
                                "docker://" + ID,
                                "/kubepods.slice/kubepods-pod"
                                        + UID_
                                        + ".slice/docker-"
                                        + ID
                                        + ".scope"))
                .isEqualTo(ContainerCgroupPattern.Verdict.MATCH);
        assertThat(verdict("docker://" + ID, "/kubepods/besteffort/pod" + UID + "/" + ID))
                .isEqualTo(ContainerCgroupPattern.Verdict.MATCH);
        assertThat(
                        verdict(
                                "docker://" + ID.substring(0, 12),
                                "/kubepods/besteffort/pod" + UID + "/" + ID))
                .isEqualTo(ContainerCgroupPattern.Verdict.MATCH);
    }

    @Test
    void rejectsOtherContainersOtherPodsAndOtherRuntimesScopes() {
        String pod = "/kubepods.slice/kubepods-pod" + UID_ + ".slice/";
        assertThat(verdict("containerd://" + ID, pod + "cri-containerd-" + OTHER_ID + ".scope"))
                .isEqualTo(ContainerCgroupPattern.Verdict.NONE);
        assertThat(verdict("containerd://" + ID, pod + "crio-" + ID + ".scope"))
                .isEqualTo(ContainerCgroupPattern.Verdict.NONE);
        assertThat(verdict("containerd://" + ID, pod + "cri-containerd-" + ID + ".service"))
                .isEqualTo(ContainerCgroupPattern.Verdict.NONE);
        assertThat(
                        verdict(
                                "containerd://" + ID,
                                "/kubepods/burstable/pod" + UID.replace('3', '4') + "/" + ID))
                .isEqualTo(ContainerCgroupPattern.Verdict.OTHER_POD);
        // the id must be a whole path component, not part of one
        assertThat(verdict("containerd://" + ID, "/kubepods/pod" + UID + "/x" + ID))
                .isEqualTo(ContainerCgroupPattern.Verdict.NONE);
        assertThat(
                        verdict(
                                "containerd://" + ID.substring(0, 12),
                                "/kubepods/pod" + UID + "/" + ID.substring(0, 20)))
                .isEqualTo(ContainerCgroupPattern.Verdict.NONE);
        assertThat(verdict("containerd://" + ID, "/"))
                .isEqualTo(ContainerCgroupPattern.Verdict.NONE);
    }

    @Test
    void idAndUidValidationAcceptsTheLegalRange() {
        assertThat(ContainerId.parse("docker://" + ID.substring(0, 12)).isFull()).isFalse();
        assertThat(ContainerId.parse("cri-o://" + ID).runtime()).isEqualTo(ContainerRuntime.CRIO);
        assertThat(PodUid.parse(UID.toUpperCase()).value()).isEqualTo(UID);
        assertThat(PodUid.parse(UID).escaped()).isEqualTo(UID_);
    }
}
