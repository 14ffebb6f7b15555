# Part 1: workspace and ingest of the shipped corpus (data/demo), then the funnel and one sample's history.
curator init
curator ingest data/demo/support_tickets.jsonl --source tickets --license CC-BY-4.0
curator ingest data/demo/forum_posts.csv --source forum --text-field body --id-field post_id \
  --label-field category --time-field posted_at --license CC-BY-4.0
curator ingest data/demo/messy.jsonl --source messy --max-chars 4000
curator status
curator explain tickets:tkt-000001
