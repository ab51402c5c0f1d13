package io.tracejob.operator.testsupport;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode with the TraceJob CRD registered (so status is a
 * subresource), and a client for it. Server-side apply is not supported by it; the operator does
 * not use it.
 */
public final class MockCluster implements AutoCloseable {
    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;

    public MockCluster() {
        this(true);
    }

    /** A cluster the TraceJob chart was never installed in: no TraceJob or TraceSchedule CRD. */
    public static MockCluster withoutCrds() {
        return new MockCluster(false);
    }

    private MockCluster(boolean withCrds) {
        var responses =
                new HashMap<
                        io.fabric8.mockwebserver.ServerRequest,
                        java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
        server =
                new KubernetesMockServer(
                        new Context(),
                        new MockWebServer(),
                        responses,
                        new KubernetesMixedDispatcher(responses),
                        false);
        server.init();
        client = server.createClient();
        if (!withCrds) return;
        for (String crd :
                new String[] {
                    "tracejobs.tracing.tracejob.io.yaml", "traceschedules.tracing.tracejob.io.yaml"
                }) {
            try (InputStream in =
                    Files.newInputStream(
                            repoRoot().resolve("helm/tracejob-operator/crds").resolve(crd))) {
                client.apiextensions().v1().customResourceDefinitions().load(in).create();
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot read CRD " + crd + ": " + e.getMessage(), e);
            }
        }
    }

    public static Path repoRoot() {
        String root = System.getenv("TRACEJOB_REPO_ROOT");
        Path p = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isDirectory(p.resolve("helm"))) p = Path.of("").toAbsolutePath();
        return p;
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    /**
     * A second client for the operator, every request of which goes through {@code interceptor}
     * too.
     */
    public NamespacedKubernetesClient clientWith(String name, Interceptor interceptor) {
        return server.createClient(
                b ->
                        b.withHttpClientBuilderConsumer(
                                h -> h.addOrReplaceInterceptor(name, interceptor)));
    }

    public KubernetesMockServer server() {
        return server;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
