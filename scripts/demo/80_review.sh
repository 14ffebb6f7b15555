# Part 8: the curators' review app (Streamlit). Started in the background on a spare port, checked, then stopped.
# Browse it yourself with `curator review` (http://127.0.0.1:8501): every override there is a `reviews` row and a
# `decisions` row (stage review) that `curator explain` shows.
review_port="${CURATOR_REVIEW_PORT:-8599}"
curator review --port "$review_port" &
review_pid=$!
for _ in $(seq 1 90); do
  curl -fsS "http://127.0.0.1:$review_port/_stcore/health" >/dev/null 2>&1 && break
  sleep 1
done
for page in "" samples duplicates qa splits models; do
  curl -fsS -o /dev/null -w "GET http://127.0.0.1:$review_port/$page -> %{http_code}\n" "http://127.0.0.1:$review_port/$page"
done
kill -TERM "$review_pid"
wait "$review_pid" || true
curator query "SELECT action, count(*) AS reviews FROM reviews GROUP BY ALL ORDER BY ALL"
