package io.tracejob.operator.prometheus;

/**
 * A query that did not give an answer, with whether trying again may help: a refused connection, a
 * timeout or a 5xx may pass; a refused query, a redirect or an answer that is not Prometheus' JSON
 * will not.
 */
public final class PrometheusFailure extends Exception {
    /** What went wrong, each with its condition reason (the operator's EventReason text). */
    public enum Kind {
        /** the URL is outside the operator's allowlist: never requested */
        NOT_ALLOWED("PrometheusUrlNotAllowed", false),
        /** no answer: connection refused or reset, timeout */
        UNREACHABLE("PrometheusUnreachable", true),
        /** the server's certificate is not trusted: waiting will not change it */
        TLS_REJECTED("PrometheusUnreachable", false),
        /** an answer, but 5xx or 429: the server is there and may recover */
        SERVER_ERROR("PrometheusUnreachable", true),
        /** 4xx or status error: the query itself is wrong */
        QUERY_REJECTED("PrometheusQueryFailed", false),
        /** a redirect, a body that is not Prometheus' JSON, or too large */
        ANSWER_INVALID("PrometheusAnswerInvalid", false);

        private final String reason;
        private final boolean transientFailure;

        Kind(String reason, boolean transientFailure) {
            this.reason = reason;
            this.transientFailure = transientFailure;
        }

        public String reason() {
            return reason;
        }
    }

    private final Kind kind;

    public PrometheusFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PrometheusFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether trying again later may succeed. */
    public boolean isTransient() {
        return kind.transientFailure;
    }

    /** The same failure, its message extended (e.g. with the retries made). */
    public PrometheusFailure withMessage(String message) {
        return new PrometheusFailure(kind, message, getCause());
    }
}
