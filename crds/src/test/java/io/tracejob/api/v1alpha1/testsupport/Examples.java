package io.tracejob.api.v1alpha1.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The example manifests in docs/examples (and the playbook's in docs/playbook). */
public final class Examples {
    private Examples() {}

    public static Path dir() {
        return Crds.repoRoot().resolve("docs/examples");
    }

    public static List<Path> all() {
        return yamlIn(dir());
    }

    /** The incident playbook's manifests in docs/playbook. */
    public static List<Path> playbook() {
        return yamlIn(Crds.repoRoot().resolve("docs/playbook"));
    }

    private static List<Path> yamlIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }

    public static String text(String name) {
        try {
            return Files.readString(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(String name) {
        try {
            return Crds.YAML.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
