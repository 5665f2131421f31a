-- High-value transactions per day: how many transactions had is_high_value (amount > 1000), their total and largest amount, per transaction date (UTC) and currency, this year and last, from the curated dataset.
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
