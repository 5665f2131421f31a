-- Events per type and hour: distinct records per event type and UTC hour of the event.
-- Re-delivered records count once. From processed/ (fresh: no compaction needed); this year and last.
SELECT
  event_type,
  year,
  month,
  day,
  hour,
  count(DISTINCT record_id) AS events
FROM processed_events
WHERE year >= year(current_date) - 1
GROUP BY event_type, year, month, day, hour
ORDER BY year, month, day, hour, event_type
