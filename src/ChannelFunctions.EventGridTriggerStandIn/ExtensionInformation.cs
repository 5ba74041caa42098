using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

// Tells the Functions SDK which host extension serves this trigger, so the build bundles it in extensions.json.
// The official worker package declares the same extension (3.2.0 at the time of writing; 3.3.0 is the current host release).
[assembly: ExtensionInformation("Microsoft.Azure.WebJobs.Extensions.EventGrid", "3.3.0")]
