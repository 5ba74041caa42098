#!/usr/bin/env bash
# azd postdeploy hook (POSIX): creates or updates the Event Grid subscription from the topic to the
# IngestChannelEvents function by deploying infra/subscription.bicep into the environment's resource group.
# It runs after `azd deploy` because Event Grid checks that the function exists when the subscription is
# created. azd puts the environment's values (the outputs of infra/main.bicep) in this script's environment.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
template="${script_dir}/../subscription.bicep"

fail() {
  echo "postdeploy: $*" >&2
  exit 1
}

command -v az >/dev/null 2>&1 \
  || fail "the Azure CLI (az) is not installed; install it (https://aka.ms/azure-cli), run 'az login', then 'azd hooks run postdeploy'."

az account show --output none >/dev/null 2>&1 \
  || fail "the Azure CLI is not logged in; run 'az login' (and 'az account set --subscription ${AZURE_SUBSCRIPTION_ID:-<id>}'), then 'azd hooks run postdeploy'."

missing=()
for name in AZURE_SUBSCRIPTION_ID AZURE_RESOURCE_GROUP AZURE_ENV_NAME EVENT_GRID_TOPIC_NAME AZURE_FUNCTION_APP_NAME AZURE_STORAGE_ACCOUNT_NAME; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
[ ${#missing[@]} -eq 0 ] \
  || fail "missing azd environment values: ${missing[*]}; run 'azd provision' first (or 'azd env refresh')."

# Right after `azd deploy` the new function may not be listed yet, and Event Grid then refuses the subscription
# with "destination endpoint not found": wait and try again. Any other failure is final.
attempts="${POSTDEPLOY_ATTEMPTS:-10}"
delay="${POSTDEPLOY_RETRY_DELAY_SECONDS:-30}"

echo "postdeploy: subscribing ${AZURE_FUNCTION_APP_NAME}/IngestChannelEvents to Event Grid topic ${EVENT_GRID_TOPIC_NAME}..."
for attempt in $(seq 1 "${attempts}"); do
  if output="$(az deployment group create \
    --subscription "${AZURE_SUBSCRIPTION_ID}" \
    --resource-group "${AZURE_RESOURCE_GROUP}" \
    --name "ingest-subscription-${AZURE_ENV_NAME}" \
    --template-file "${template}" \
    --parameters \
      topicName="${EVENT_GRID_TOPIC_NAME}" \
      functionAppName="${AZURE_FUNCTION_APP_NAME}" \
      storageAccountName="${AZURE_STORAGE_ACCOUNT_NAME}" \
    --output none 2>&1)"; then
    echo "postdeploy: Event Grid subscription is in place."
    exit 0
  fi

  echo "${output}" >&2
  if ! grep -qi "destination endpoint not found" <<<"${output}"; then
    fail "deploying ${template} failed (see the error above). If it says the function does not exist, check that 'azd deploy' published IngestChannelEvents, then run 'azd hooks run postdeploy'."
  fi

  if [ "${attempt}" -lt "${attempts}" ]; then
    echo "postdeploy: IngestChannelEvents is not listed yet (attempt ${attempt} of ${attempts}); retrying in ${delay} s..." >&2
    sleep "${delay}"
  fi
done

fail "IngestChannelEvents was still not listed after ${attempts} attempts; check that 'azd deploy' published it ('az functionapp function list'), then run 'azd hooks run postdeploy'."
