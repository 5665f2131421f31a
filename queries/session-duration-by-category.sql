-- Session duration distribution by category: sessions, share and duration range per category.
-- Categories: short < 60 s <= medium < 600 s <= long; durations in seconds. From the curated dataset; this year and last.
SELECT
  session_duration_category,
  count(*) AS sessions,
  round(100 * CAST(count(*) AS double) / sum(count(*)) OVER (), 2) AS percent,
  min(session_duration) AS min_seconds,
  round(avg(session_duration), 1) AS avg_seconds,
  max(session_duration) AS max_seconds
FROM curated_user_action
WHERE year >= year(current_date) - 1
GROUP BY session_duration_category
ORDER BY min(session_duration)
