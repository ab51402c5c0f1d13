package io.tracejob.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.Phase;
import io.tracejob.api.v1alpha1.ScheduleRun;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobStatus;
import io.tracejob.operator.testsupport.Results;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryAndPruningTest {
    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    private static TraceJob finished(int hour, Phase phase, long medianNanos) {
        TraceJob j = new TraceJob();
        Instant due = T0.plusSeconds(3600L * hour);
        j.getMetadata().setName(ScheduledJobs.name("s", due));
        j.getMetadata().setAnnotations(Map.of(ScheduledJobs.SCHEDULED_AT, due.toString()));
        TraceJobStatus s = new TraceJobStatus();
        s.setPhase(phase);
        if (phase == Phase.Succeeded) {
            s.setResult(
                    Results.of(Results.latencies(hour, 1000, medianNanos), StopReason.Completed));
        } else {
            s.setMessage("x".repeat(500));
        }
        j.setStatus(s);
        return j;
    }

    @Test
    void historyIsNewestFirstBoundedAndKeepsRowsOfPrunedJobs() {
        List<TraceJob> jobs = new ArrayList<>();
        for (int i = 0; i < RunHistory.MAX_RUNS + 5; i++)
            jobs.add(finished(i, Phase.Succeeded, 40_000));
        List<ScheduleRun> first = RunHistory.merge(null, jobs.subList(0, 3));
        // the first three jobs are pruned; their rows stay
        List<ScheduleRun> later = RunHistory.merge(first, jobs.subList(3, 6));
        assertThat(later)
                .extracting(ScheduleRun::getJob)
                .containsExactly(
                        jobs.get(5).getMetadata().getName(),
                        jobs.get(4).getMetadata().getName(),
                        jobs.get(3).getMetadata().getName(),
                        jobs.get(2).getMetadata().getName(),
                        jobs.get(1).getMetadata().getName(),
                        jobs.get(0).getMetadata().getName());
        assertThat(RunHistory.merge(later, jobs)).hasSize(RunHistory.MAX_RUNS);
        assertThat(RunHistory.merge(later, jobs).get(0).getJob())
                .isEqualTo(jobs.get(jobs.size() - 1).getMetadata().getName());
    }

    @Test
    void aFailedRunKeepsItsReasonCut() {
        ScheduleRun row = RunHistory.row(finished(0, Phase.Failed, 0));
        assertThat(row.getPhase()).isEqualTo(Phase.Failed);
        assertThat(row.getP99()).isNull();
        assertThat(row.getStopReason()).hasSize(RunHistory.REASON_MAX).endsWith("…");
    }

    @Test
    void trendIsTheLastP99AgainstTheMedianOfMeasuredRuns() {
        List<ScheduleRun> history =
                RunHistory.merge(
                        null,
                        List.of(
                                finished(0, Phase.Succeeded, 40_000),
                                finished(1, Phase.Succeeded, 40_000),
                                finished(2, Phase.Failed, 0),
                                finished(3, Phase.Succeeded, 120_000)));
        double last = history.get(0).getP99();
        long[] p99s =
                history.stream()
                        .filter(r -> r.getP99() != null)
                        .mapToLong(ScheduleRun::getP99)
                        .sorted()
                        .toArray();
        assertThat(p99s).hasSize(3);
        assertThat(Trend.p99VsMedian(history)).contains(last / p99s[1]);
        assertThat(Trend.p99VsMedian(history).orElseThrow()).isGreaterThan(2.0);
        assertThat(Trend.format(2.96)).isEqualTo("3.0x");
        assertThat(Trend.p99VsMedian(List.of())).isEmpty();
    }

    @Test
    void pruningDeletesTheOldestBeyondEachLimitOnceTheyAreInTheSavedHistory() {
        List<TraceJob> jobs =
                List.of(
                        finished(0, Phase.Succeeded, 40_000),
                        finished(1, Phase.Failed, 0),
                        finished(2, Phase.Succeeded, 40_000),
                        finished(3, Phase.Failed, 0),
                        finished(4, Phase.Succeeded, 40_000));
        List<ScheduleRun> saved = RunHistory.merge(null, jobs);
        assertThat(Pruning.toDelete(jobs, saved, 2, 1))
                .extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        jobs.get(0).getMetadata().getName(), jobs.get(1).getMetadata().getName());
        // not yet in a saved history: kept for now
        assertThat(Pruning.toDelete(jobs, null, 2, 1)).isEmpty();
        assertThat(Pruning.toDelete(jobs, saved, 0, 0)).hasSize(5);
    }

    @Test
    void namesAreDeterministicAndFitCronJobsLimit() {
        assertThat(ScheduledJobs.name("match-order-hourly", T0))
                .isEqualTo("match-order-hourly-" + T0.getEpochSecond() / 60)
                .isEqualTo(ScheduledJobs.name("match-order-hourly", T0.plusSeconds(30)));
        String longName = "a".repeat(100);
        assertThat(ScheduledJobs.base(longName))
                .hasSize(52)
                .isEqualTo(ScheduledJobs.base(longName));
        assertThat(ScheduledJobs.base(longName)).isNotEqualTo(ScheduledJobs.base("a".repeat(99)));
        assertThat(ScheduledJobs.name(longName, T0).length()).isLessThanOrEqualTo(63);
    }
}
