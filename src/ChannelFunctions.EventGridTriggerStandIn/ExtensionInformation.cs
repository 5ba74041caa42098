using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

// Tells the Functions SDK which host extension serves this trigger, so the build bundles it in extensions.json.
// A floating 3.*: the newest 3.x the feed serves. Host extensions before 3.4.3 rewrite dates in the events they bind
// (docs/end-to-end.md); nuget.org serves 3.5.0+ (what the official worker package 3.6.0 declares), so a user's build
// bundles the fixed extension, while a feed with only 3.3.0 still builds. The bundled version is in extensions.json.
[assembly: ExtensionInformation("Microsoft.Azure.WebJobs.Extensions.EventGrid", "3.*")]
