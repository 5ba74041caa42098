# azd postdeploy hook (Windows, PowerShell 7): creates or updates the Event Grid subscription from the topic
# to the IngestChannelEvents function by deploying infra/subscription.bicep into the environment's resource
# group. It runs after `azd deploy` because Event Grid checks that the function exists when the subscription
# is created. azd puts the environment's values (the outputs of infra/main.bicep) in this script's environment.
#
# 1. az must be installed and signed in to the azd environment's tenant (AZURE_TENANT_ID).
# 2. Wait until the Functions host has indexed IngestChannelEvents as an Event Grid trigger (right after a deploy
#    the function is not listed yet, and Event Grid would refuse the subscription).
# 3. Deploy the subscription, retrying what is transient (throttling, conflicts with an operation in progress,
#    5xx, time-outs, "destination endpoint not found"); anything else fails at once.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$template = Join-Path $PSScriptRoot '..' 'subscription.bicep'
$functionName = 'IngestChannelEvents'
$attempts = if ($env:POSTDEPLOY_ATTEMPTS) { [int]$env:POSTDEPLOY_ATTEMPTS } else { 10 }
$delay = if ($env:POSTDEPLOY_RETRY_DELAY_SECONDS) { [int]$env:POSTDEPLOY_RETRY_DELAY_SECONDS } else { 30 }
# Status codes are matched only where no hex digit touches them, so a GUID in a resource ID never looks like one.
$transient = '(?i)destination endpoint not found|toomanyrequests|too many requests|conflict|anotheroperationinprogress|another operation is in progress|serviceunavailable|service unavailable|gatewaytimeout|internalservererror|timed out|timeout|connection reset|connection aborted|temporarily unavailable|(^|[^0-9a-f])(429|500|502|503|504)([^0-9a-f]|$)'

function Fail([string] $message) {
    [Console]::Error.WriteLine("postdeploy: $message")
    exit 1
}

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    Fail "the Azure CLI (az) is not installed; install it (https://aka.ms/azure-cli), run 'az login', then 'azd hooks run postdeploy'."
}

$required = 'AZURE_SUBSCRIPTION_ID', 'AZURE_TENANT_ID', 'AZURE_RESOURCE_GROUP', 'AZURE_ENV_NAME', 'EVENT_GRID_TOPIC_NAME', 'AZURE_FUNCTION_APP_NAME', 'AZURE_STORAGE_ACCOUNT_NAME'
$missing = @($required | Where-Object { -not [Environment]::GetEnvironmentVariable($_) })
if ($missing.Count -gt 0) {
    Fail "missing azd environment values: $($missing -join ' '); run 'azd provision' first (or 'azd env refresh')."
}

$signedInTenant = az account show --query tenantId --output tsv 2>$null | Out-String
if ($LASTEXITCODE -ne 0) {
    Fail "the Azure CLI is not logged in; run 'az login --tenant $($env:AZURE_TENANT_ID)' (and 'az account set --subscription $($env:AZURE_SUBSCRIPTION_ID)'), then 'azd hooks run postdeploy'."
}
$signedInTenant = $signedInTenant.Trim()
if ($signedInTenant -ne $env:AZURE_TENANT_ID.Trim()) {
    Fail "the Azure CLI is signed in to tenant $signedInTenant, but the azd environment is in tenant $($env:AZURE_TENANT_ID); run 'az login --tenant $($env:AZURE_TENANT_ID)', then 'azd hooks run postdeploy'."
}

Write-Host "postdeploy: waiting until $($env:AZURE_FUNCTION_APP_NAME)/$functionName is indexed as an Event Grid trigger..."
for ($attempt = 1; ; $attempt++) {
    $trigger = az functionapp function show `
        --subscription $env:AZURE_SUBSCRIPTION_ID `
        --resource-group $env:AZURE_RESOURCE_GROUP `
        --name $env:AZURE_FUNCTION_APP_NAME `
        --function-name $functionName `
        --query "config.bindings[?type=='eventGridTrigger'].type | [0]" `
        --output tsv 2>&1 | Out-String
    if ($LASTEXITCODE -eq 0 -and $trigger -match '(?im)^eventGridTrigger') {
        break
    }

    if ($attempt -ge $attempts) {
        $last = if ($trigger.Trim()) { $trigger.Trim() } else { 'none' }
        Fail "$functionName was still not indexed as an Event Grid trigger after $attempts attempts (last answer: $last); check that 'azd deploy' published it ('az functionapp function list'), then run 'azd hooks run postdeploy'."
    }

    [Console]::Error.WriteLine("postdeploy: $functionName is not indexed yet (attempt $attempt of $attempts); checking again in $delay s...")
    Start-Sleep -Seconds $delay
}

Write-Host "postdeploy: subscribing $($env:AZURE_FUNCTION_APP_NAME)/$functionName to Event Grid topic $($env:EVENT_GRID_TOPIC_NAME)..."
for ($attempt = 1; $attempt -le $attempts; $attempt++) {
    $output = az deployment group create `
        --subscription $env:AZURE_SUBSCRIPTION_ID `
        --resource-group $env:AZURE_RESOURCE_GROUP `
        --name "ingest-subscription-$($env:AZURE_ENV_NAME)" `
        --template-file $template `
        --parameters `
            "topicName=$($env:EVENT_GRID_TOPIC_NAME)" `
            "functionAppName=$($env:AZURE_FUNCTION_APP_NAME)" `
            "storageAccountName=$($env:AZURE_STORAGE_ACCOUNT_NAME)" `
        --output none 2>&1 | Out-String
    if ($LASTEXITCODE -eq 0) {
        Write-Host 'postdeploy: Event Grid subscription is in place.'
        exit 0
    }

    [Console]::Error.WriteLine($output.TrimEnd())
    if ($output -notmatch $transient) {
        Fail "deploying $template failed (see the error above), and it is not an error worth retrying. Fix its cause, then run 'azd hooks run postdeploy'."
    }

    if ($attempt -lt $attempts) {
        [Console]::Error.WriteLine("postdeploy: a transient failure (attempt $attempt of $attempts); retrying in $delay s...")
        Start-Sleep -Seconds $delay
    }
}

Fail "the subscription could not be deployed after $attempts attempts of transient failures; run 'azd hooks run postdeploy' again later."
