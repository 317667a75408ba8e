package io.enrollmentsync.reliability;

import java.time.Duration;

/**
 * One row of the reliability table.
 *
 * @param number the scenario's number in issue 10
 * @param fault the fault injected, in a few words
 * @param sent webhook deliveries sent (duplicates included, retries not)
 * @param accepted deliveries answered 2xx
 * @param polled events the poller queued (0 where it does not run)
 * @param applied effective writes to the store (the ledger trigger's count)
 * @param deadLettered events that reached the dead-letter store during the run
 * @param lost accepted events whose effect is missing at the end
 * @param appliedTwice event versions written more than once
 * @param wrongRows rows unlike the truth at the end
 * @param recovered from the end of the fault to a store equal to the truth and an empty queue
 * @param total from the first delivery to the end of the scenario
 * @param notes what the sender saw and anything the reader should know
 */
record ScenarioResult(int number, String fault, int sent, int accepted, long polled,
    long applied, long deadLettered, int lost, long appliedTwice, int wrongRows,
    Duration recovered, Duration total, String notes) {}
