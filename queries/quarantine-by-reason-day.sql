-- Quarantined records by reason and day: what ingest refused (raw bucket, by the UTC day the record reached the stream) and what the transformer or the compactor refused (processed bucket, by the event's UTC day), this year and last.
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
