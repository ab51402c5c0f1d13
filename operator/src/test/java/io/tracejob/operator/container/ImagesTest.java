package io.tracejob.operator.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.Podman;
import io.tracejob.operator.config.ImageNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What .ci/build-images promises about the two images, checked by running them. */
class ImagesTest {
    @BeforeAll
    static void images() throws Exception {
        Kernel.require(
                "root".equals(System.getProperty("user.name")),
                "running as root (podman's image store)");
        Podman.require();
        for (String image : new String[] {ImageNames.agent(), ImageNames.operator()}) {
            Kernel.require(
                    Podman.status("image", "exists", image) == 0,
                    "the image " + image + " (build it with .ci/build-images)");
        }
    }

    /**
     * The AOT cache (JDK 25) or AppCDS archive (JDK 17 fallback, a dynamic archive: "(top)") the
     * training run made is used: the main class comes from it, not from the jar. An AOT cache loads
     * its classes at start, so there an engine class only the training's trace loads shows that the
     * training traced; AppCDS loads them lazily.
     */
    @Test
    void agentStartsFromItsClassArchive() throws Exception {
        String out =
                Podman.run(
                        "run",
                        "--rm",
                        "--network",
                        "none",
                        "-e",
                        "JAVA_TOOL_OPTIONS=-Xlog:class+load=info",
                        ImageNames.agent(),
                        "--version");
        assertThat(out).contains("io.tracejob.agent.cli.AgentMain source: shared objects file");
        if (!out.contains("source: shared objects file (top)")) {
            assertThat(out)
                    .contains(
                            "io.tracejob.agent.trace.FollowingChoice source: shared objects file");
        }
    }

    @Test
    void agentImageHoldsNoBuildToolsAndNoBpftrace() throws Exception {
        String found =
                Podman.run(
                        "run",
                        "--rm",
                        "--network",
                        "none",
                        "--entrypoint",
                        "/bin/sh",
                        ImageNames.agent(),
                        "-c",
                        "for t in gcc cc c++ ld as make javac jar bpftrace; do command -v $t || true; done");
        assertThat(found).isEmpty();
    }

    @Test
    void operatorImageRunsAsANonRootUser() throws Exception {
        assertThat(
                        Podman.run(
                                "image",
                                "inspect",
                                "--format",
                                "{{.Config.User}}",
                                ImageNames.operator()))
                .isEqualTo("65532:65532");
        assertThat(
                        Podman.run(
                                "run",
                                "--rm",
                                "--network",
                                "none",
                                "--entrypoint",
                                "/usr/bin/id",
                                ImageNames.operator(),
                                "-u"))
                .isEqualTo("65532");
    }
}
