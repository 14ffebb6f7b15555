# Last part: where to look.
echo
echo "Workspace: $CURATOR_HOME"
echo "  curator status              the funnel"
echo "  curator explain SAMPLE_ID   any sample's history"
echo "  curator review              the curators' review app (Streamlit, http://127.0.0.1:8501)"
