# azd postdeploy hook (Windows, PowerShell 7): creates or updates the Event Grid subscription from the topic
# to the IngestChannelEvents function by deploying infra/subscription.bicep into the environment's resource
# group. It runs after `azd deploy` because Event Grid checks that the function exists when the subscription
# is created. azd puts the environment's values (the outputs of infra/main.bicep) in this script's environment.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$template = Join-Path $PSScriptRoot '..' 'subscription.bicep'

function Fail([string] $message) {
    [Console]::Error.WriteLine("postdeploy: $message")
    exit 1
}

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    Fail "the Azure CLI (az) is not installed; install it (https://aka.ms/azure-cli), run 'az login', then 'azd hooks run postdeploy'."
}

az account show --output none 2>$null | Out-Null
if ($LASTEXITCODE -ne 0) {
    $subscription = if ($env:AZURE_SUBSCRIPTION_ID) { $env:AZURE_SUBSCRIPTION_ID } else { '<id>' }
    Fail "the Azure CLI is not logged in; run 'az login' (and 'az account set --subscription $subscription'), then 'azd hooks run postdeploy'."
}

$required = 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP', 'AZURE_ENV_NAME', 'EVENT_GRID_TOPIC_NAME', 'AZURE_FUNCTION_APP_NAME', 'AZURE_STORAGE_ACCOUNT_NAME'
$missing = @($required | Where-Object { -not [Environment]::GetEnvironmentVariable($_) })
if ($missing.Count -gt 0) {
    Fail "missing azd environment values: $($missing -join ' '); run 'azd provision' first (or 'azd env refresh')."
}

# Right after `azd deploy` the new function may not be listed yet, and Event Grid then refuses the subscription
# with "destination endpoint not found": wait and try again. Any other failure is final.
$attempts = if ($env:POSTDEPLOY_ATTEMPTS) { [int]$env:POSTDEPLOY_ATTEMPTS } else { 10 }
$delay = if ($env:POSTDEPLOY_RETRY_DELAY_SECONDS) { [int]$env:POSTDEPLOY_RETRY_DELAY_SECONDS } else { 30 }

Write-Host "postdeploy: subscribing $($env:AZURE_FUNCTION_APP_NAME)/IngestChannelEvents to Event Grid topic $($env:EVENT_GRID_TOPIC_NAME)..."
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
    if ($output -notmatch '(?i)destination endpoint not found') {
        Fail "deploying $template failed (see the error above). If it says the function does not exist, check that 'azd deploy' published IngestChannelEvents, then run 'azd hooks run postdeploy'."
    }

    if ($attempt -lt $attempts) {
        [Console]::Error.WriteLine("postdeploy: IngestChannelEvents is not listed yet (attempt $attempt of $attempts); retrying in $delay s...")
        Start-Sleep -Seconds $delay
    }
}

Fail "IngestChannelEvents was still not listed after $attempts attempts; check that 'azd deploy' published it ('az functionapp function list'), then run 'azd hooks run postdeploy'."
