package dev.burnrate.ingest.store;

/**
 * Counters of a bucket writer since it started, for {@code /metrics}.
 *
 * @param transactions committed group transactions
 * @param batches batches committed (acknowledged)
 * @param applied samples applied
 * @param duplicates samples that added nothing because they were already counted
 * @param tooLate samples rejected as too late (or too far in the future)
 * @param rejected batches refused at submit with a 503 (queue full, database down, closing)
 * @param failedBatches batches whose transaction failed (answered 503)
 * @param failedTransactions transactions that failed and were rolled back
 * @param retriedTransactions transactions rolled back and run again (a deadlock, a series created
 *     concurrently by another writer, or a cached series state that another writer moved on)
 * @param collisions series skipped because another series key has the same 64-bit hash
 * @param queuedBatches batches accepted and not yet committed, now
 * @param queuedSamples samples accepted and not yet committed, now
 * @param queuedBytes estimated bytes of batches accepted and not yet committed, now
 * @param logRows series log rows this instance applied (log mode)
 * @param logSamples samples in those rows
 * @param logDuplicates samples of those rows that added nothing, being at or before their series'
 *     last time (retried requests)
 * @param logLagMillis how old the oldest row left in the series log was after this instance's last
 *     round, in ms: 0 when it applied everything, -1 when it does not apply (inline mode, another
 *     instance applies)
 */
public record WriterStats(
    long transactions,
    long batches,
    long applied,
    long duplicates,
    long tooLate,
    long rejected,
    long failedBatches,
    long failedTransactions,
    long retriedTransactions,
    long collisions,
    long queuedBatches,
    long queuedSamples,
    long queuedBytes,
    long logRows,
    long logSamples,
    long logDuplicates,
    long logLagMillis) {}
