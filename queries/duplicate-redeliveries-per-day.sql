-- Duplicate re-deliveries per day: processed lines beyond the curated rows, per event type.
-- A record re-delivered after a partial retry is written to processed/ again; the curated dataset
-- holds it once. Only hours the compactor has written are compared; this year and last.
WITH processed AS (
  SELECT event_type, year, month, day, hour, count(*) AS lines, count(DISTINCT record_id) AS records
  FROM processed_events
  WHERE year >= year(current_date) - 1
  GROUP BY event_type, year, month, day, hour
),
curated AS (
  SELECT 'transaction' AS event_type, year, month, day, hour, count(*) AS curated_rows
  FROM curated_transaction
  WHERE year >= year(current_date) - 1
  GROUP BY year, month, day, hour
  UNION ALL
  SELECT 'user_action' AS event_type, year, month, day, hour, count(*) AS curated_rows
  FROM curated_user_action
  WHERE year >= year(current_date) - 1
  GROUP BY year, month, day, hour
  UNION ALL
  SELECT 'metric' AS event_type, year, month, day, hour, count(*) AS curated_rows
  FROM curated_metric
  WHERE year >= year(current_date) - 1
  GROUP BY year, month, day, hour
  UNION ALL
  SELECT 'system_event' AS event_type, year, month, day, hour, count(*) AS curated_rows
  FROM curated_system_event
  WHERE year >= year(current_date) - 1
  GROUP BY year, month, day, hour
)
SELECT
  p.event_type,
  p.year,
  p.month,
  p.day,
  sum(p.lines) AS processed_lines,
  sum(p.records) AS distinct_records,
  sum(c.curated_rows) AS curated_rows,
  sum(p.lines) - sum(c.curated_rows) AS duplicates
FROM processed AS p
JOIN curated AS c
  ON c.event_type = p.event_type AND c.year = p.year AND c.month = p.month AND c.day = p.day AND c.hour = p.hour
GROUP BY p.event_type, p.year, p.month, p.day
ORDER BY p.year, p.month, p.day, p.event_type
