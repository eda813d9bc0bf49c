#!/usr/bin/env bash
# Lints the Helm chart and validates what it renders against the Kubernetes JSON schemas.
# Needs helm and kubeconform (.ci/run installs them from the Go module proxy) and the Kubernetes
# schemas of the PyPI package kubernetes-validate (installed here into a cached venv).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:${GOPATH:-$HOME/go}/bin"
chart=deploy/helm/crm
kube_version="${KUBE_VERSION:-1.31.0}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/crm-chart-check"
venv="$cache/venv"
schemas="$cache/k8s-schemas"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import kubernetes_validate' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check kubernetes-validate==1.37.0
fi
target="$schemas/v${kube_version}-local-strict"
if [ ! -f "$target/_definitions.json" ]; then
  source_dir="$("$venv/bin/python" -c 'import kubernetes_validate, os; print(os.path.dirname(kubernetes_validate.__file__))')/kubernetes-json-schema/v${kube_version}-local-strict"
  mkdir -p "$target"
  # The package's schemas refer to their definitions by an absolute kubernetes.io URL: made local.
  node -e '
    const fs = require("fs"), path = require("path");
    const [from, to] = process.argv.slice(1);
    for (const file of fs.readdirSync(from).filter((f) => f.endsWith(".json"))) {
      const schema = JSON.parse(fs.readFileSync(path.join(from, file), "utf8")
        .replaceAll("\"/api/_definitions.json#", "\"_definitions.json#"));
      delete schema.$id;
      fs.writeFileSync(path.join(to, file), JSON.stringify(schema));
    }' "$source_dir" "$target"
fi

rendered="$(mktemp --suffix=.yaml)"
trap 'rm -f "$rendered"' EXIT
for values in "" "$chart/ci/ci-values.yaml"; do
  args=(--kube-version "$kube_version")
  [ -z "$values" ] || args+=(-f "$values")
  [ -n "$values" ] || args+=(--set secret.values.JWT_SECRET=check-only-secret-0123)
  helm lint --strict "$chart" "${args[@]}"
  helm template crm "$chart" "${args[@]}" >"$rendered"
  # Strimzi's KafkaTopic has a schema in deploy/schemas; KEDA's ScaledObject (optional) has none.
  kubeconform -strict -summary -ignore-missing-schemas -kubernetes-version "$kube_version" \
    -schema-location "$schemas/{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
    -schema-location "deploy/schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
    "$rendered"
done
echo "chart: lint clean, manifests valid"
