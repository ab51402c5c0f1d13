package io.tracejob.operator.rbac;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;

/**
 * One Kubernetes API request as RBAC sees it: verb, API group, resource, subresource and where it
 * applies. Non-resource requests (discovery: {@code /api}, {@code /apis/...} without a resource)
 * have {@code resource} null.
 *
 * @param scope where the request applies, relative to the installation; see {@link Scope}
 */
public record ApiRequest(
        String verb, String group, String resource, String subresource, Scope scope)
        implements Comparable<ApiRequest> {

    /** Namespaces by their role: the chart binds a different Role to each. */
    public enum Scope {
        /**
         * cluster-scoped resource, or a namespaced one across all namespaces (list/watch of every
         * namespace)
         */
        CLUSTER,
        /** the operator's own namespace (the release namespace: Leases) */
        OPERATOR_NAMESPACE,
        /** the agent namespace (agent pods) */
        AGENT_NAMESPACE,
        /** any other namespace: the TraceJobs' own namespaces */
        JOB_NAMESPACE
    }

    /**
     * Parses a request to the API server; {@code operatorNs} and {@code agentNs} name the
     * installation's namespaces.
     */
    public static ApiRequest of(String method, URI uri, String operatorNs, String agentNs) {
        String[] p =
                Arrays.stream(uri.getPath().split("/"))
                        .filter(s -> !s.isEmpty())
                        .toArray(String[]::new);
        int rest;
        String group;
        if (p.length >= 2 && p[0].equals("api")) {
            group = "";
            rest = 2;
        } else if (p.length >= 3 && p[0].equals("apis")) {
            group = p[1];
            rest = 3;
        } else {
            return new ApiRequest(method.toLowerCase(Locale.ROOT), null, null, null, Scope.CLUSTER);
        }
        String namespace = null;
        if (p.length - rest >= 3 && p[rest].equals("namespaces")) {
            namespace = p[rest + 1];
            rest += 2;
        }
        if (p.length == rest)
            return new ApiRequest(method.toLowerCase(Locale.ROOT), null, null, null, Scope.CLUSTER);
        String resource = p[rest];
        boolean named = p.length > rest + 1;
        String subresource = p.length > rest + 2 ? p[rest + 2] : null;
        Scope scope =
                namespace == null
                        ? Scope.CLUSTER
                        : namespace.equals(operatorNs)
                                ? Scope.OPERATOR_NAMESPACE
                                : namespace.equals(agentNs)
                                        ? Scope.AGENT_NAMESPACE
                                        : Scope.JOB_NAMESPACE;
        return new ApiRequest(
                verb(method, named, uri.getQuery()), group, resource, subresource, scope);
    }

    /** The RBAC verb of an HTTP request (as the API server's request-info resolver computes it). */
    static String verb(String method, boolean named, String query) {
        boolean watch = query != null && Arrays.asList(query.split("&")).contains("watch=true");
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    public boolean nonResource() {
        return resource == null;
    }

    /** {@code resource} or {@code resource/subresource}, as RBAC rules name it. */
    public String rbacResource() {
        return subresource == null ? resource : resource + "/" + subresource;
    }

    /**
     * One line of the request log: {@code verb group resource[/sub] scope}, the core group written
     * {@code core}.
     */
    public String line() {
        if (nonResource()) return verb + " (non-resource) " + scope;
        return verb + " " + (group.isEmpty() ? "core" : group) + " " + rbacResource() + " " + scope;
    }

    public static ApiRequest parseLine(String line) {
        String[] f = line.trim().split(" ");
        if (f[1].equals("(non-resource)"))
            return new ApiRequest(f[0], null, null, null, Scope.valueOf(f[2]));
        String[] rs = f[2].split("/", 2);
        return new ApiRequest(
                f[0],
                f[1].equals("core") ? "" : f[1],
                rs[0],
                rs.length > 1 ? rs[1] : null,
                Scope.valueOf(f[3]));
    }

    @Override
    public int compareTo(ApiRequest o) {
        return line().compareTo(o.line());
    }
}
