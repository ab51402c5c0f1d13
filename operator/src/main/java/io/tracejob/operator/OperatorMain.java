package io.tracejob.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tracejob.operator.config.ConfigLoader;
import io.tracejob.operator.config.OperatorConfig;
import io.tracejob.operator.http.OperatorHttpServer;
import io.tracejob.operator.logging.LogSetup;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the operator image: configuration from env and {@code --name=value} args. */
public final class OperatorMain {
    private OperatorMain() {}

    public static void main(String[] args) throws Exception {
        OperatorConfig config;
        try {
            config = ConfigLoader.load(System.getenv(), args);
        } catch (IllegalArgumentException e) {
            System.err.println("tracejob-operator: " + e.getMessage());
            System.exit(2);
            return;
        }
        LogSetup.configure(config.jsonLogs());
        Logger log = LoggerFactory.getLogger(OperatorMain.class);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KubernetesClient client = new KubernetesClientBuilder().build();
        TraceJobOperator operator;
        try {
            operator = new TraceJobOperator(client, config, registry, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            // a setting found unusable only when it is used (a mounted ca.crt that is not a PEM
            // bundle): a configuration error like those above, said in one line, exit 2
            System.err.println("tracejob-operator: " + e.getMessage());
            client.close();
            System.exit(2);
            return;
        }
        OperatorHttpServer http =
                new OperatorHttpServer(
                        config.httpPort(), registry, operator::healthy, operator::started);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    log.info("stopping");
                                    operator.close();
                                    http.close();
                                    client.close();
                                    stopped.countDown();
                                },
                                "shutdown"));
        log.info(
                "starting: agents in namespace {}, image {}, at most {} per node, leader election {}, HTTP port {}",
                config.agentNamespace(),
                config.agentImage(),
                config.maxAgentsPerNode(),
                config.leaderElection()
                        ? "on (Lease " + config.operatorNamespace() + "/" + config.leaseName() + ")"
                        : "off",
                http.port());
        operator.start();
        stopped.await();
    }
}
