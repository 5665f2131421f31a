-- Quarantined records by reason and day, in the raw and the processed bucket.
-- Raw bucket: what ingest refused, by the UTC day it reached the stream. Processed bucket: what the
-- transformer or the compactor refused, by the event's UTC day. This year and last.
SELECT
  'raw' AS bucket,
  reason,
  year,
  month,
  day,
  count(*) AS records
FROM quarantine
WHERE year >= year(current_date) - 1
GROUP BY reason, year, month, day
UNION ALL
SELECT
  'processed' AS bucket,
  reason,
  year,
  month,
  day,
  count(*) AS records
FROM processed_quarantine
WHERE year >= year(current_date) - 1
GROUP BY reason, year, month, day
ORDER BY year, month, day, bucket, reason
