package io.tracejob.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tracejob.api.v1alpha1.validation.SpecValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The warm-up swallows its own failures (it is best effort), so a warm-up broken by a change of the
 * API or a package rename would only show as a slower start. These keep it honest.
 */
class WarmupTest {

    @Test
    void theBuiltInManifestStillReadsAndValidates() {
        assertThatCode(
                        () ->
                                SpecValidator.check(
                                        io.tracejob.api.v1alpha1.read.SpecReader.readManifest(
                                                Warmup.BUILT_IN, "warm-up")))
                .doesNotThrowAnyException();
    }

    @Test
    void everyWarmedPackageExists() {
        Path classes =
                Path.of(Warmup.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                        .resolve("io/tracejob/agent");
        for (String p : Warmup.ENGINE_PACKAGES) {
            assertThat(Files.isDirectory(classes.resolve(p)))
                    .as("package io.tracejob.agent.%s", p)
                    .isTrue();
        }
    }
}
