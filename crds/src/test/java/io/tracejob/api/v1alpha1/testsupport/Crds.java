package io.tracejob.api.v1alpha1.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CRDs as the build generated them (target/classes/META-INF/fabric8), and where the repository
 * is.
 */
public final class Crds {
    private Crds() {}

    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    public static final String TRACEJOB_FILE = "tracejobs.tracing.tracejob.io-v1.yml";
    public static final String TRACESCHEDULE_FILE = "traceschedules.tracing.tracejob.io-v1.yml";

    /** The generated CRD file's text. */
    public static String generatedText(String file) {
        String resource = "/META-INF/fabric8/" + file;
        try (InputStream in = Crds.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        resource
                                + " is not on the classpath: the crd-generator plugin runs in"
                                + " process-classes; build with mvn -pl crds test");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode generated(String file) {
        try {
            return YAML.readTree(generatedText(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** spec.versions[0].schema.openAPIV3Schema of a CRD. */
    public static JsonNode schema(JsonNode crd) {
        return crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
    }

    public static JsonNode traceJobSchema() {
        return schema(generated(TRACEJOB_FILE));
    }

    public static JsonNode traceScheduleSchema() {
        return schema(generated(TRACESCHEDULE_FILE));
    }

    /**
     * The repository's root: set by surefire (TRACEJOB_REPO_ROOT), else found from the working
     * directory.
     */
    public static Path repoRoot() {
        String env = System.getenv("TRACEJOB_REPO_ROOT");
        if (env != null && Files.isDirectory(Path.of(env, "crds"))) return Path.of(env);
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("crds"))) dir = dir.getParent();
        if (dir == null)
            throw new IllegalStateException(
                    "cannot find the repository root from " + Path.of("").toAbsolutePath());
        return dir;
    }
}
