# Last part: where to look.
echo
echo "Workspace: $CURATOR_HOME"
echo "  curator status                 the funnel: what was dropped at which stage, and why"
echo "  curator explain SAMPLE_ID      any sample's whole history (try one of the dropped ones above)"
echo "  curator review                 the curators' review app: http://127.0.0.1:8501"
echo "  curator splits show demo       the split and its card: $CURATOR_HOME/splits/demo/"
curator labelstudio status --json | python -c '
import json, sys
d = json.load(sys.stdin)
if d["running"]:
    print("  Label Studio                  ", d["url"], "· username", d["username"])
    print("                                 password and token: curator labelstudio credentials · stop: curator labelstudio down")
else:
    print("  Label Studio                   not running: curator labelstudio up")'
