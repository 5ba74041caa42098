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

echo "postdeploy: subscribing ${AZURE_FUNCTION_APP_NAME}/IngestChannelEvents to Event Grid topic ${EVENT_GRID_TOPIC_NAME}..."
az deployment group create \
  --subscription "${AZURE_SUBSCRIPTION_ID}" \
  --resource-group "${AZURE_RESOURCE_GROUP}" \
  --name "ingest-subscription-${AZURE_ENV_NAME}" \
  --template-file "${template}" \
  --parameters \
    topicName="${EVENT_GRID_TOPIC_NAME}" \
    functionAppName="${AZURE_FUNCTION_APP_NAME}" \
    storageAccountName="${AZURE_STORAGE_ACCOUNT_NAME}" \
  --output none \
  || fail "deploying ${template} failed (see the error above). If it says the function does not exist, check that 'azd deploy' published IngestChannelEvents, then run 'azd hooks run postdeploy'."

echo "postdeploy: Event Grid subscription is in place."
