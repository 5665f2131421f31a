-- Metric anomalies: anomalous readings out of all readings per day and metric, with their extremes.
-- Anomaly: is_anomaly, value < 0 or > 200. By metric_date (UTC), from the curated dataset; this year and last.
SELECT
  metric_date,
  metric_name,
  count(*) FILTER (WHERE is_anomaly) AS anomalies,
  count(*) AS readings,
  min(value) FILTER (WHERE is_anomaly) AS lowest_anomaly,
  max(value) FILTER (WHERE is_anomaly) AS highest_anomaly
FROM curated_metric
WHERE year >= year(current_date) - 1
GROUP BY metric_date, metric_name
HAVING count(*) FILTER (WHERE is_anomaly) > 0
ORDER BY metric_date, metric_name
