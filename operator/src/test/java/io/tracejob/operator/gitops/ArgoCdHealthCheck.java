package io.tracejob.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tracejob.operator.testsupport.MockCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * One Argo CD health check from {@code docs/gitops/argocd-cm-health.yaml}, run as Argo CD runs it:
 * the resource as the global {@code obj}, the script's returned table read as {@code status} and
 * {@code message}.
 */
final class ArgoCdHealthCheck {
    static final Path FILE = MockCluster.repoRoot().resolve("docs/gitops/argocd-cm-health.yaml");

    record Health(String status, String message) {}

    private final String script;

    private ArgoCdHealthCheck(String script) {
        this.script = script;
    }

    /** The check of {@code group_Kind}, e.g. {@code tracing.tracejob.io_TraceJob}. */
    static ArgoCdHealthCheck of(String groupKind) {
        try {
            JsonNode cm = new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
            JsonNode script = cm.path("data").path("resource.customizations.health." + groupKind);
            if (!script.isTextual())
                throw new AssertionError("no health check for " + groupKind + " in " + FILE);
            return new ArgoCdHealthCheck(script.asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the check on {@code resource} (any object fabric8 serialises: a TraceJob, a
     * TraceSchedule).
     */
    Health on(Object resource) {
        JsonNode tree = Serialization.jsonMapper().valueToTree(resource);
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", lua(tree));
        LuaValue hs = globals.load(script, "health.lua").call();
        return new Health(hs.get("status").optjstring(null), hs.get("message").optjstring(null));
    }

    /**
     * JSON as Lua sees it in Argo CD: objects are tables, arrays tables from index 1, null absent.
     */
    private static LuaValue lua(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return LuaValue.NIL;
        if (n.isBoolean()) return LuaValue.valueOf(n.booleanValue());
        if (n.isIntegralNumber()) return LuaValue.valueOf(n.longValue());
        if (n.isNumber()) return LuaValue.valueOf(n.doubleValue());
        if (n.isTextual()) return LuaValue.valueOf(n.textValue());
        LuaTable t = new LuaTable();
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) t.set(i + 1, lua(n.get(i)));
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                t.set(e.getKey(), lua(e.getValue()));
            }
        }
        return t;
    }
}
