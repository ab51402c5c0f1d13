package io.tracejob.operator.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod spec turned into {@code podman run} flags the way a kubelet would run it, field by field.
 * Each field is removed from the pod's JSON as it is translated; a field left over at the end is
 * one this class does not understand and fails the translation with its path, so a change to the
 * agent pod cannot slip past the container test untranslated. Values the kubelet would honour
 * differently (or not at all) fail too, naming the rule.
 */
final class PodmanPodTranslation {
    private final ObjectNode pod;
    private final String node;
    private final Path terminationFile;
    private final List<String> flags = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private String image;

    /**
     * @param node the node this machine plays: the pod's {@code spec.nodeName} must name it
     * @param terminationFile host file the kubelet would bind at the container's
     *     termination-message path
     */
    static PodmanPodTranslation of(Pod pod, String node, Path terminationFile) {
        PodmanPodTranslation t = new PodmanPodTranslation(pod, node, terminationFile);
        t.translate();
        return t;
    }

    private PodmanPodTranslation(Pod pod, String node, Path terminationFile) {
        try {
            this.pod = (ObjectNode) new ObjectMapper().readTree(Serialization.asJson(pod));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.node = node;
        this.terminationFile = terminationFile;
    }

    /**
     * {@code podman run} arguments after the global options: flags, image, the container's args.
     */
    List<String> runArguments() {
        List<String> all = new ArrayList<>(flags);
        all.add(image);
        all.addAll(args);
        return all;
    }

    private void translate() {
        expectText(pod, "apiVersion", "v1");
        expectText(pod, "kind", "Pod");
        ObjectNode meta = object(pod, "metadata");
        String name = text(meta, "name");
        flags.add("--label=io.kubernetes.pod.namespace=" + text(meta, "namespace"));
        for (Map.Entry<String, String> l : strings(meta, "labels").entrySet())
            flags.add("--label=" + l.getKey() + "=" + l.getValue());
        for (Map.Entry<String, String> a : strings(meta, "annotations").entrySet())
            flags.add("--annotation=" + a.getKey() + "=" + a.getValue());

        ObjectNode spec = object(pod, "spec");
        expectText(spec, "nodeName", node);
        if (bool(spec, "hostPID", false)) flags.add("--pid=host");
        // No hostNetwork: the pod gets a network namespace of its own. The agent talks to nothing,
        // so none.
        if (bool(spec, "hostNetwork", false))
            throw rule("spec.hostNetwork", "the agent pod must not use the host network");
        flags.add("--network=none");
        expectText(spec, "restartPolicy", "Never");
        flags.add("--restart=no");
        if (bool(spec, "automountServiceAccountToken", true))
            throw rule(
                    "spec.automountServiceAccountToken",
                    "must be false: the agent gets no API token");
        if (bool(spec, "enableServiceLinks", true))
            throw rule(
                    "spec.enableServiceLinks", "must be false: no service environment variables");
        flags.add("--timeout=" + number(spec, "activeDeadlineSeconds"));
        flags.add("--stop-timeout=" + number(spec, "terminationGracePeriodSeconds"));
        take(spec, "tolerations"); // scheduling only: nothing reaches the container
        Map<String, JsonNode> volumes = volumes(spec);

        JsonNode containers = take(spec, "containers");
        if (containers == null || containers.size() != 1)
            throw rule("spec.containers", "exactly one container");
        ObjectNode c = (ObjectNode) containers.get(0);
        flags.add("--name=" + name + "-" + text(c, "name"));
        image = text(c, "image");
        String pull = text(c, "imagePullPolicy");
        switch (pull) {
            case "IfNotPresent" -> flags.add("--pull=missing");
            case "Never" -> flags.add("--pull=never");
            default ->
                    throw rule("imagePullPolicy", "'" + pull + "': no registry is reachable here");
        }
        if (c.has("command"))
            throw rule(
                    "containers[0].command",
                    "the agent image's ENTRYPOINT is the command; the pod gives args only");
        for (JsonNode a : take(c, "args")) args.add(a.asText());
        JsonNode env = take(c, "env");
        if (env != null) for (JsonNode e : env) environment((ObjectNode) e);
        String messagePath = text(c, "terminationMessagePath");
        expectText(c, "terminationMessagePolicy", "File");
        flags.add("--volume=" + terminationFile + ":" + messagePath + ":rw");
        resources(object(c, "resources"));
        securityContext(object(c, "securityContext"));
        for (JsonNode m : take(c, "volumeMounts")) mount((ObjectNode) m, volumes);
        consumed(c, "spec.containers[0]");
        for (Map.Entry<String, JsonNode> unused : volumes.entrySet())
            consumed(unused.getValue(), "spec.volumes[" + unused.getKey() + "]");
        consumed(pod, "");
    }

    private void resources(ObjectNode r) {
        ObjectNode limits = object(r, "limits");
        ObjectNode requests = object(r, "requests");
        flags.add(
                "--cpus="
                        + amount(limits, "cpu")
                                .setScale(3, RoundingMode.UP)
                                .stripTrailingZeros()
                                .toPlainString());
        flags.add("--memory=" + amount(limits, "memory").toBigInteger() + "b");
        // the kubelet's cpu.shares: milli-CPUs × 1024 / 1000, at least 2
        long shares =
                Math.max(2, amount(requests, "cpu").multiply(BigDecimal.valueOf(1024)).longValue());
        flags.add("--cpu-shares=" + shares);
        flags.add("--memory-reservation=" + amount(requests, "memory").toBigInteger() + "b");
    }

    private void securityContext(ObjectNode sc) {
        if (bool(sc, "readOnlyRootFilesystem", false)) {
            flags.add("--read-only");
            flags.add("--read-only-tmpfs=false"); // podman would add writable /tmp, /run and
            // /var/tmp; a kubelet does not
        }
        ObjectNode caps = object(sc, "capabilities");
        JsonNode drop = take(caps, "drop");
        if (drop == null || drop.size() != 1 || !"ALL".equals(drop.get(0).asText()))
            throw rule("capabilities.drop", "must be [ALL]");
        flags.add("--cap-drop=ALL");
        for (JsonNode a : take(caps, "add")) flags.add("--cap-add=CAP_" + a.asText());
        if (!bool(sc, "allowPrivilegeEscalation", true))
            flags.add("--security-opt=no-new-privileges");
        if (bool(sc, "privileged", false)) flags.add("--privileged");
        // No profile or RuntimeDefault: podman's default profile (what a kubelet with
        // SeccompDefault gives).
        ObjectNode seccomp = object(sc, "seccompProfile");
        String profile = seccomp.has("type") ? text(seccomp, "type") : "RuntimeDefault";
        switch (profile) {
            case "RuntimeDefault" -> {}
            case "Unconfined" -> flags.add("--security-opt=seccomp=unconfined");
            default ->
                    throw rule(
                            "securityContext.seccompProfile.type",
                            "'" + profile + "' is not translated");
        }
    }

    /**
     * A literal variable only: a value from a Secret, ConfigMap or field reference is not
     * translated.
     */
    private void environment(ObjectNode e) {
        String name = text(e, "name");
        if (!e.has("value"))
            throw rule("env[" + name + "]", "only a literal value is translated: " + e);
        flags.add("--env=" + name + "=" + text(e, "value"));
        consumed(e, "env[" + name + "]");
    }

    private Map<String, JsonNode> volumes(ObjectNode spec) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        JsonNode list = take(spec, "volumes");
        if (list != null) for (JsonNode v : list) byName.put(v.get("name").asText(), v);
        return byName;
    }

    private void mount(ObjectNode m, Map<String, JsonNode> volumes) {
        String name = text(m, "name");
        String path = text(m, "mountPath");
        boolean readOnly = bool(m, "readOnly", false);
        consumed(m, "volumeMounts[" + name + "]");
        ObjectNode v = (ObjectNode) volumes.remove(name);
        if (v == null) throw rule("volumeMounts[" + name + "]", "no volume of that name");
        take(v, "name");
        if (v.has("hostPath")) {
            ObjectNode hp = object(v, "hostPath");
            String host = text(hp, "path");
            String type = text(hp, "type");
            switch (type) {
                case "Directory" -> {
                    if (!Files.isDirectory(Path.of(host)))
                        throw rule(
                                "hostPath " + host,
                                "type Directory: no such directory on this node");
                }
                case "DirectoryOrCreate" -> {
                    try {
                        Files.createDirectories(Path.of(host)); // as the kubelet does
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                default ->
                        throw rule(
                                "hostPath " + host + ".type", "'" + type + "' is not translated");
            }
            flags.add("--volume=" + host + ":" + path + (readOnly ? ":ro" : ":rw"));
        } else if (v.has("emptyDir")) {
            ObjectNode ed = object(v, "emptyDir");
            if (ed.has("medium"))
                throw rule("emptyDir.medium", "not translated: " + ed.get("medium"));
            // A disk emptyDir is writable and executable (the JVM and JNA load native code from
            // /tmp); its size
            // limit is enforced here by the tmpfs, by eviction on a kubelet.
            flags.add(
                    "--tmpfs="
                            + path
                            + ":rw,exec,nosuid,nodev,size="
                            + amount(ed, "sizeLimit").toBigInteger());
        } else {
            throw rule("volumes[" + name + "]", "only hostPath and emptyDir are translated: " + v);
        }
        consumed(v, "volumes[" + name + "]");
    }

    // --- taking fields
    // ---------------------------------------------------------------------------------------

    private static JsonNode take(ObjectNode o, String field) {
        return o.remove(field);
    }

    private static ObjectNode object(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null)
            return o.putObject(
                    field); // absent: an empty object, removed again by the leftover check
        if (!n.isObject()) throw rule(field, "expected an object: " + n);
        return (ObjectNode) n;
    }

    private static String text(ObjectNode o, String field) {
        JsonNode n = take(o, field);
        if (n == null || !n.isTextual()) throw rule(field, "required text, got " + n);
        return n.asText();
    }

    private static void expectText(ObjectNode o, String field, String expected) {
        String v = text(o, field);
        if (!v.equals(expected))
            throw rule(field, "'" + v + "': only '" + expected + "' is translated");
    }

    private static boolean bool(ObjectNode o, String field, boolean absent) {
        JsonNode n = take(o, field);
        return n == null ? absent : n.asBoolean();
    }

    private static long number(ObjectNode o, String field) {
        JsonNode n = take(o, field);
        if (n == null || !n.canConvertToLong()) throw rule(field, "required integer, got " + n);
        return n.asLong();
    }

    private static BigDecimal amount(ObjectNode o, String field) {
        return Quantity.getAmountInBytes(new Quantity(text(o, field)));
    }

    private static Map<String, String> strings(ObjectNode o, String field) {
        Map<String, String> m = new LinkedHashMap<>();
        JsonNode n = take(o, field);
        if (n != null) n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** Fails naming every value left in {@code n}: a field nobody translated. */
    private static void consumed(JsonNode n, String path) {
        List<String> left = leftovers(n, path);
        if (!left.isEmpty())
            throw new IllegalArgumentException(
                    "pod fields the podman translation does not understand: " + left);
    }

    /**
     * Paths of every value still in the tree; empty objects and arrays are what translated fields
     * left behind.
     */
    private static List<String> leftovers(JsonNode n, String path) {
        List<String> out = new ArrayList<>();
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.addAll(
                        leftovers(
                                e.getValue(),
                                path.isEmpty() ? e.getKey() : path + "." + e.getKey()));
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++)
                out.addAll(leftovers(n.get(i), path + "[" + i + "]"));
        } else if (!n.isNull()) {
            out.add(path + "=" + n);
        }
        return out;
    }

    private static IllegalArgumentException rule(String field, String rule) {
        return new IllegalArgumentException("pod field " + field + ": " + rule);
    }
}
