#!/usr/bin/env bash
# azd postdeploy hook (POSIX): creates or updates the Event Grid subscription from the topic to the
# IngestChannelEvents function by deploying infra/subscription.bicep into the environment's resource group.
# It runs after `azd deploy` because Event Grid checks that the function exists when the subscription is
# created. azd puts the environment's values (the outputs of infra/main.bicep) in this script's environment.
#
# 1. az must be installed and signed in to the azd environment's tenant (AZURE_TENANT_ID).
# 2. Wait until the Functions host has indexed IngestChannelEvents as an Event Grid trigger (right after a deploy
#    the function is not listed yet, and Event Grid would refuse the subscription).
# 3. Deploy the subscription, retrying what is transient (throttling, conflicts with an operation in progress,
#    5xx, time-outs, "destination endpoint not found"); anything else fails at once.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
template="${script_dir}/../subscription.bicep"
function_name="IngestChannelEvents"
attempts="${POSTDEPLOY_ATTEMPTS:-10}"
delay="${POSTDEPLOY_RETRY_DELAY_SECONDS:-30}"
# Status codes are matched only where no hex digit touches them, so a GUID in a resource ID never looks like one.
transient='destination endpoint not found|toomanyrequests|too many requests|conflict|anotheroperationinprogress|another operation is in progress|serviceunavailable|service unavailable|gatewaytimeout|internalservererror|timed out|timeout|connection reset|connection aborted|temporarily unavailable|(^|[^0-9a-f])(429|500|502|503|504)([^0-9a-f]|$)'

fail() {
  echo "postdeploy: $*" >&2
  exit 1
}

command -v az >/dev/null 2>&1 \
  || fail "the Azure CLI (az) is not installed; install it (https://aka.ms/azure-cli), run 'az login', then 'azd hooks run postdeploy'."

missing=()
for name in AZURE_SUBSCRIPTION_ID AZURE_TENANT_ID AZURE_RESOURCE_GROUP AZURE_ENV_NAME EVENT_GRID_TOPIC_NAME AZURE_FUNCTION_APP_NAME AZURE_STORAGE_ACCOUNT_NAME; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
[ ${#missing[@]} -eq 0 ] \
  || fail "missing azd environment values: ${missing[*]}; run 'azd provision' first (or 'azd env refresh')."

signed_in_tenant="$(az account show --query tenantId --output tsv 2>/dev/null)" \
  || fail "the Azure CLI is not logged in; run 'az login --tenant ${AZURE_TENANT_ID}' (and 'az account set --subscription ${AZURE_SUBSCRIPTION_ID}'), then 'azd hooks run postdeploy'."
lower() { printf '%s' "$1" | tr -d '[:space:]' | tr '[:upper:]' '[:lower:]'; }
signed_in_tenant="$(lower "${signed_in_tenant}")"
[ "${signed_in_tenant}" = "$(lower "${AZURE_TENANT_ID}")" ] \
  || fail "the Azure CLI is signed in to tenant ${signed_in_tenant}, but the azd environment is in tenant ${AZURE_TENANT_ID}; run 'az login --tenant ${AZURE_TENANT_ID}', then 'azd hooks run postdeploy'."

is_transient() {
  grep -Eqi "${transient}" <<<"$1"
}

echo "postdeploy: waiting until ${AZURE_FUNCTION_APP_NAME}/${function_name} is indexed as an Event Grid trigger..."
for attempt in $(seq 1 "${attempts}"); do
  if trigger="$(az functionapp function show \
    --subscription "${AZURE_SUBSCRIPTION_ID}" \
    --resource-group "${AZURE_RESOURCE_GROUP}" \
    --name "${AZURE_FUNCTION_APP_NAME}" \
    --function-name "${function_name}" \
    --query "config.bindings[?type=='eventGridTrigger'].type | [0]" \
    --output tsv 2>&1)" && grep -qi '^eventGridTrigger' <<<"${trigger}"; then
    break
  fi

  if [ "${attempt}" -eq "${attempts}" ]; then
    fail "${function_name} was still not indexed as an Event Grid trigger after ${attempts} attempts (last answer: ${trigger:-none}); check that 'azd deploy' published it ('az functionapp function list'), then run 'azd hooks run postdeploy'."
  fi

  echo "postdeploy: ${function_name} is not indexed yet (attempt ${attempt} of ${attempts}); checking again in ${delay} s..." >&2
  sleep "${delay}"
done

echo "postdeploy: subscribing ${AZURE_FUNCTION_APP_NAME}/${function_name} to Event Grid topic ${EVENT_GRID_TOPIC_NAME}..."
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
  is_transient "${output}" \
    || fail "deploying ${template} failed (see the error above), and it is not an error worth retrying. Fix its cause, then run 'azd hooks run postdeploy'."

  if [ "${attempt}" -lt "${attempts}" ]; then
    echo "postdeploy: a transient failure (attempt ${attempt} of ${attempts}); retrying in ${delay} s..." >&2
    sleep "${delay}"
  fi
done

fail "the subscription could not be deployed after ${attempts} attempts of transient failures; run 'azd hooks run postdeploy' again later."
