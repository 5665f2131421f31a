-- High-value transactions per day: count, total and largest amount per date and currency.
-- High value: is_high_value, amount > 1000. By transaction_date (UTC), from the curated dataset; this year and last.
SELECT
  transaction_date,
  currency,
  count(*) AS transactions,
  round(sum(amount), 2) AS total_amount,
  max(amount) AS largest_amount
FROM curated_transaction
WHERE year >= year(current_date) - 1
  AND is_high_value
GROUP BY transaction_date, currency
ORDER BY transaction_date, currency
