-- End-to-end latency p50/p95/p99 per hour: event time to processed time, in milliseconds.
-- From event_time (the event's own timestamp) to processed_time, per UTC hour of the event, from the
-- curated dataset (each record once); this year and last.
-- Nearest-rank percentiles (the smallest latency with at least p% of the hour's records at or
-- below it) from window functions: Athena's approx_percentile and DuckDB's quantile_cont have no
-- common spelling, and this is exact in both.
WITH latencies AS (
  SELECT date_trunc('hour', event_time) AS hour_start, date_diff('millisecond', event_time, processed_time) AS latency_ms
  FROM curated_transaction
  WHERE year >= year(current_date) - 1
  UNION ALL
  SELECT date_trunc('hour', event_time) AS hour_start, date_diff('millisecond', event_time, processed_time) AS latency_ms
  FROM curated_user_action
  WHERE year >= year(current_date) - 1
  UNION ALL
  SELECT date_trunc('hour', event_time) AS hour_start, date_diff('millisecond', event_time, processed_time) AS latency_ms
  FROM curated_metric
  WHERE year >= year(current_date) - 1
  UNION ALL
  SELECT date_trunc('hour', event_time) AS hour_start, date_diff('millisecond', event_time, processed_time) AS latency_ms
  FROM curated_system_event
  WHERE year >= year(current_date) - 1
),
ranked AS (
  SELECT
    hour_start,
    latency_ms,
    row_number() OVER (PARTITION BY hour_start ORDER BY latency_ms) AS position,
    count(*) OVER (PARTITION BY hour_start) AS records
  FROM latencies
)
SELECT
  hour_start,
  max(records) AS records,
  min(CASE WHEN 100 * position >= 50 * records THEN latency_ms END) AS p50_ms,
  min(CASE WHEN 100 * position >= 95 * records THEN latency_ms END) AS p95_ms,
  min(CASE WHEN 100 * position >= 99 * records THEN latency_ms END) AS p99_ms
FROM ranked
GROUP BY hour_start
ORDER BY hour_start
