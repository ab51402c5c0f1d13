package io.tracejob.operator.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The image names and tags {@code .ci/build-images} tags and the chart's values repeat: one file,
 * {@code tracejob-images.properties}, so the operator's default agent image is always the one the
 * script builds.
 */
public final class ImageNames {
    public static final String RESOURCE = "/tracejob-images.properties";
    private static final Properties NAMES = load();

    private ImageNames() {}

    public static String agent() {
        return get("agent.image");
    }

    public static String operator() {
        return get("operator.image");
    }

    private static String get(String key) {
        String v = NAMES.getProperty(key);
        if (v == null || v.isBlank()) throw new IllegalStateException(RESOURCE + " has no " + key);
        return v.trim();
    }

    private static Properties load() {
        try (InputStream in = ImageNames.class.getResourceAsStream(RESOURCE)) {
            if (in == null)
                throw new IllegalStateException(RESOURCE + " is missing from the operator jar");
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
